import type { OpenDataArea, OpenDataCell, OpenDataData } from '../dashboard/operations';
import type { CellValue, TableData } from '../dashboard/table-data';

export const SUPPRESSED_TEXT = 'secret';

/** A published value, or the "secret" marker (never a number) when masked. */
export const cellValue = (c: OpenDataCell): CellValue => (c.suppressed ? SUPPRESSED_TEXT : c.value);

type OpenData = OpenDataData['openData'];

/** One row per territory (France then the regions): the table shown and the CSV downloaded. */
export function openDataRegionsTable(o: OpenData): TableData {
  const row = (a: OpenDataArea) => ({
    code: a.code,
    name: a.name,
    files: cellValue(a.files),
    filesGranted: cellValue(a.filesGranted),
    amountRequested: cellValue(a.amountRequested),
    amountGranted: cellValue(a.amountGranted),
    essmsCovered: cellValue(a.essmsCovered),
  });
  return {
    title: 'Données ouvertes ESMS numérique par région',
    columns: [
      { key: 'name', label: 'Territoire', kind: 'text' },
      { key: 'code', label: 'Code INSEE', kind: 'text' },
      { key: 'files', label: 'Candidatures déposées', kind: 'count' },
      { key: 'filesGranted', label: 'Candidatures retenues', kind: 'count' },
      { key: 'amountRequested', label: 'Montants demandés (€)', kind: 'euros' },
      { key: 'amountGranted', label: 'Montants accordés (€)', kind: 'euros' },
      { key: 'essmsCovered', label: 'ESSMS couverts', kind: 'count' },
    ],
    rows: [row(o.national), ...o.regions.map(row)],
  };
}

/** Files per state, one row per territory and state (long format, for reuse). */
export function openDataStatesTable(o: OpenData): TableData {
  return {
    title: 'Données ouvertes ESMS numérique par état',
    columns: [
      { key: 'name', label: 'Territoire', kind: 'text' },
      { key: 'code', label: 'Code INSEE', kind: 'text' },
      { key: 'state', label: 'État', kind: 'text' },
      { key: 'files', label: 'Candidatures', kind: 'count' },
      { key: 'amountRequested', label: 'Montants demandés (€)', kind: 'euros' },
    ],
    rows: [o.national, ...o.regions].flatMap((a) =>
      a.byState.map((s) => ({ name: a.name, code: a.code, state: s.label, files: cellValue(s.files), amountRequested: cellValue(s.amountRequested) })),
    ),
  };
}

export function openDataFieldsTable(o: OpenData): TableData {
  return {
    title: "Données ouvertes ESMS numérique par champ d'activité",
    columns: [
      { key: 'label', label: "Champ d'activité", kind: 'text' },
      { key: 'files', label: 'Candidatures (avec au moins un ESSMS du champ)', kind: 'count' },
      { key: 'essmsCovered', label: 'ESSMS couverts', kind: 'count' },
    ],
    rows: o.byField.map((f) => ({ label: f.label, files: cellValue(f.files), essmsCovered: cellValue(f.essmsCovered) })),
  };
}

export function openDataTypesTable(o: OpenData): TableData {
  return {
    title: 'Données ouvertes ESMS numérique par type de projet',
    columns: [
      { key: 'label', label: 'Type de projet', kind: 'text' },
      { key: 'files', label: 'Candidatures', kind: 'count' },
      { key: 'amountRequested', label: 'Montants demandés (€)', kind: 'euros' },
    ],
    rows: o.byProjectType.map((t) => ({ label: t.label, files: cellValue(t.files), amountRequested: cellValue(t.amountRequested) })),
  };
}
