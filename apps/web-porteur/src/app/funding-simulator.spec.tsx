import { fireEvent, render, screen, within } from '@testing-library/react';
import { MockedProvider } from '@apollo/client/testing/react';
import { FUNDING_SIMULATION_QUERY } from '@esms/graphql-client';
import { FundingSimulator, parseFinessList } from './funding-simulator';

const variables = {
  input: {
    essms: [
      { finess: '750000001', situation: 'ACQUISITION' },
      { finess: '2A0000002', situation: 'ACQUISITION' },
    ],
    amoa: false,
  },
};

const simulation = {
  __typename: 'FundingSimulation',
  essmsCount: 2,
  regionCount: 2,
  desk: 'REGIONAL',
  multiregional: true,
  usages: 14000,
  software: 28000,
  hardware: 0,
  amoa: 0,
  total: 42000,
  advance: 21000,
  balance: 21000,
  lines: [
    { __typename: 'FundingLine', finess: '2A0000002', rank: 2, usages: 7000, software: 14000, hardware: 0, prorata: 1 },
    { __typename: 'FundingLine', finess: '750000001', rank: 1, usages: 7000, software: 14000, hardware: 0, prorata: 1 },
  ],
  notices: ['Projet multirégional : déposez-le auprès de l’ARS pivot.'],
};

function submit(text: string) {
  fireEvent.change(screen.getByLabelText(/Numéros FINESS géographiques/), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: /Calculer le financement/ }));
}

// Intl inserts narrow no-break spaces in French amounts.
const normalize = (text: string | null) => (text ?? '').replace(/\s/g, ' ');

describe('FundingSimulator', () => {
  it('renders the result table of the gateway response', async () => {
    render(
      <MockedProvider mocks={[{ request: { query: FUNDING_SIMULATION_QUERY, variables }, result: { data: { fundingSimulation: simulation } } }]}>
        <FundingSimulator />
      </MockedProvider>,
    );

    submit('750000001\n 2a0000002 \n750000001\n');

    expect(await screen.findByRole('heading', { name: 'Résultat de la simulation' })).toBeTruthy();
    const totals = screen.getByRole('table', { name: 'Montants du projet' });
    const totalRow = within(totals).getByText('Total du forfait').closest('tr');
    expect(normalize(totalRow?.textContent ?? null)).toContain('42 000 €');
    const advanceRow = within(totals).getByText(/^Avance/).closest('tr');
    expect(normalize(advanceRow?.textContent ?? null)).toContain('21 000 €');

    const lines = screen.getByRole('table', { name: 'Détail par établissement' });
    const rows = within(lines).getAllByRole('row').slice(1);
    const cells = rows.map((row) => within(row).getAllByRole('cell').map((cell) => normalize(cell.textContent)));
    expect(cells).toEqual([
      ['1', '750000001', '7 000 €', '14 000 €', '0 €', '100 %'],
      ['2', '2A0000002', '7 000 €', '14 000 €', '0 €', '100 %'],
    ]);
    expect(screen.getByText('Projet multirégional : déposez-le auprès de l’ARS pivot.')).toBeTruthy();
    expect(screen.getByText(/Guichet régional, auprès de l’ARS pivot/)).toBeTruthy();
  });

  it('shows the gateway BAD_USER_INPUT message in French', async () => {
    render(
      <MockedProvider
        mocks={[
          {
            request: { query: FUNDING_SIMULATION_QUERY, variables: { input: { essms: [{ finess: '750000001', situation: 'ACQUISITION' }], amoa: false } } },
            result: { errors: [{ message: 'Numéro FINESS inconnu : 750000001.', extensions: { code: 'BAD_USER_INPUT' } }] },
          },
        ]}
      >
        <FundingSimulator />
      </MockedProvider>,
    );

    submit('750000001');

    expect(await screen.findByText('Simulation impossible')).toBeTruthy();
    expect(screen.getByText('Numéro FINESS inconnu : 750000001.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('refuses malformed FINESS numbers before calling the gateway', () => {
    render(
      <MockedProvider mocks={[]}>
        <FundingSimulator />
      </MockedProvider>,
    );
    submit('75000001\nABC');
    expect(screen.getByText(/Ces numéros ne sont pas des FINESS valides : 75000001, ABC/)).toBeTruthy();
  });
});

describe('parseFinessList', () => {
  it('accepts one per line, Corsican numbers, and counts duplicates once', () => {
    expect(parseFinessList('750000001\n2b0000003; 750000001, 12')).toEqual({
      finess: ['750000001', '2B0000003'],
      invalid: ['12'],
    });
  });
});
