import { render, screen, within } from '@testing-library/react';
import { MockedProvider } from '@apollo/client/testing/react';
import { MemoryRouter } from 'react-router-dom';
import { OPEN_DATA, type OpenDataArea } from '../dashboard/operations';
import { tableMatrix } from '../dashboard/table-data';
import { OpenDataPage } from './open-data-page';
import { cellValue, openDataRegionsTable, SUPPRESSED_TEXT } from './open-data-tables';

const c = (value: number | null) => ({ __typename: 'OpenDataCell', value, suppressed: value === null });
const area = (code: string, name: string, files: number | null): OpenDataArea & { __typename: string } => ({
  __typename: 'OpenDataArea',
  code,
  name,
  files: c(files),
  filesGranted: c(null),
  amountRequested: c(files === null ? null : files * 21_000),
  amountGranted: c(null),
  essmsCovered: c(null),
  byState: [{ __typename: 'OpenDataBreakdown', key: 'SUBMITTED', label: 'Déposée', files: c(files), amountRequested: c(null) }] as never,
});
const openData = {
  __typename: 'OpenData',
  generatedAt: '2026-01-05T10:00:00.000Z',
  minimumGroupSize: 5,
  licence: 'Licence Ouverte / Open Licence 2.0 (Etalab)',
  producer: 'CNSA',
  notes: ['Secret statistique : moins de 5 dossiers.'],
  national: area('FR', 'France entière', 17),
  regions: [area('28', 'Normandie', 9), area('94', 'Corse', null)],
  byField: [{ __typename: 'OpenDataField', field: 'PA', label: 'Personnes âgées', files: c(12), essmsCovered: c(null) }],
  byProjectType: [{ __typename: 'OpenDataBreakdown', key: 'ACQUISITION', label: 'Acquisition', files: c(15), amountRequested: c(300000) }],
};

describe('open data page', () => {
  it('shows a masked value as "secret", never a number, in the table and the CSV rows', async () => {
    expect(cellValue({ value: null, suppressed: true })).toBe(SUPPRESSED_TEXT);
    expect(cellValue({ value: 3, suppressed: false })).toBe(3);
    const rows = tableMatrix(openDataRegionsTable(openData as never));
    expect(rows.find((r) => r[0] === 'Corse')).toEqual(['Corse', '94', 'secret', 'secret', 'secret', 'secret', 'secret']);
    expect(rows.find((r) => r[0] === 'Normandie')?.slice(2, 5)).toEqual([9, 'secret', 189000]);

    render(
      <MockedProvider mocks={[{ request: { query: OPEN_DATA }, result: { data: { openData } } }]}>
        <MemoryRouter>
          <OpenDataPage />
        </MemoryRouter>
      </MockedProvider>,
    );
    expect(await screen.findByText('Données ouvertes du programme ESMS numérique')).toBeTruthy();
    const corse = screen.getByText('Corse').closest('tr') as HTMLElement;
    expect(within(corse).getAllByTitle(/Secret statistique/)).toHaveLength(5);
    const values = [...corse.querySelectorAll('td')].slice(1).map((td) => td.textContent ?? '');
    expect(values).toEqual(['secret', 'secret', 'secret', 'secret', 'secret']);
    expect(screen.getByText(/Télécharger les données par région/)).toBeTruthy();
  });
});
