import { act, fireEvent, render, screen } from '@testing-library/react';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { CANDIDATURE_QUERY, createCache, UPDATE_CANDIDATURE_DOSSIER_MUTATION } from '@esms/graphql-client';
import { CandidaturePage } from './candidature-page';
import { candidatureFixture } from './candidature.fixture';

/* The AMOA forfait (003 §4.4.2 3): asked with a DSFR toggle, explained, checked by the server, shown in the estimate. */

type Mock = MockLink.MockedResponse;
const normalize = (text: string | null | undefined) => (text ?? '').replace(/\s/g, ' ');

function renderQuestions(mocks: Mock[], start = candidatureFixture()) {
  return render(
    <MockedProvider cache={createCache()} mocks={[{ request: { query: CANDIDATURE_QUERY, variables: { id: 'c1' } }, result: { data: { candidature: start } }, delay: 0 }, ...mocks]}>
      <MemoryRouter initialEntries={['/candidatures/c1/questions']}>
        <Routes>
          <Route path="/candidatures/:id/:step" element={<CandidaturePage />} />
        </Routes>
      </MemoryRouter>
    </MockedProvider>,
  );
}

const askAmoa = { query: UPDATE_CANDIDATURE_DOSSIER_MUTATION, variables: { id: 'c1', expectedVersion: 3, input: { amoaRequested: true } } };
const toggle = () => screen.getByRole('checkbox', { name: /Demander le forfait AMOA/ }) as HTMLInputElement;

describe('AMOA request', () => {
  it('explains the forfait with the domain amounts, asks for it, and the estimate includes it', async () => {
    const start = candidatureFixture();
    const granted = candidatureFixture({
      version: 4,
      amoaRequested: true,
      funding: { ...start.funding!, amoa: 100000, total: 121000, advance: 60500, balance: 60500 },
    });
    renderQuestions([{ request: askAmoa, result: { data: { updateCandidatureDossier: granted } }, delay: 0 }], start);
    await screen.findByRole('heading', { level: 2, name: 'Assistance à maîtrise d’ouvrage (AMOA)' });
    const section = screen.getByRole('heading', { level: 2, name: 'Assistance à maîtrise d’ouvrage (AMOA)' }).closest('section') as HTMLElement;
    expect(normalize(section.textContent)).toMatch(/Un forfait de 100 000 € par projet/);
    expect(normalize(section.textContent)).toMatch(/moins de 15 ESSMS chacun \(moins de 8 en outre-mer et en Corse\)/);
    expect(toggle().checked).toBe(false);
    expect(screen.getByTestId('amoa-status').textContent).toBe('Forfait non demandé.');
    expect(normalize(screen.getByTestId('funding-amoa').textContent)).toBe('0 €');

    await act(async () => fireEvent.click(toggle()));
    await screen.findByText(/Forfait demandé : 100 000 € inclus dans le financement estimé\./);
    expect(toggle().checked).toBe(true);
    expect(normalize(screen.getByTestId('funding-amoa').textContent)).toBe('100 000 €');
    expect(normalize(screen.getByTestId('funding-total').textContent)).toBe('121 000 €');
    expect(normalize(screen.getByTestId('funding-amoa').closest('tr')?.textContent)).toMatch(/forfait demandé/);
  });

  it('shows the server refusal (not only small organismes) and names the organisme that is not small', async () => {
    const start = candidatureFixture();
    const big = { __typename: 'OrganismeGestionnaire' as const, finessEj: '140599267', name: 'ANES', isSmall: false };
    const member = start.members[0];
    const withBig = candidatureFixture({ members: [{ ...member, finessEj: big.finessEj, establishment: { ...member.establishment, finessEj: big.finessEj, organisme: big } }] });
    const message = 'Le forfait AMOA ne peut pas être demandé pour cette grappe : Le forfait AMOA de 100 000 € est réservé aux regroupements composés uniquement de petits organismes gestionnaires.';
    renderQuestions([{ request: askAmoa, result: { errors: [{ message, extensions: { code: 'BAD_USER_INPUT', field: 'amoaRequested' } }] }, delay: 0 }], withBig);
    await screen.findByRole('heading', { level: 2, name: 'Assistance à maîtrise d’ouvrage (AMOA)' });
    expect(screen.getByTestId('amoa-not-small').textContent).toMatch(/cet organisme n’est pas un petit organisme : ANES \(140599267\)/);
    await act(async () => fireEvent.click(toggle()));
    expect((await screen.findByTestId('amoa-error')).textContent).toBe(message);
    expect(screen.getByTestId('amoa-error').getAttribute('role')).toBe('alert');
    expect(toggle().checked).toBe(false);
  });
});
