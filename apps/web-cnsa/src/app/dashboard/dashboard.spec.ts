import ExcelJS from 'exceljs';
import { colourScale, filterFromParams, filterQuery, indicatorById, NO_DATA_COLOUR, PALETTE, textOn } from './indicators';
import type { DashboardArea, NationalDashboardData } from './operations';
import { fileNameFor, safeText, tableMatrix, toCsv, toXlsx } from './table-data';
import { atRiskTable, regionsTable } from './tables';

const area = (code: string, name: string, files: number, extra: Partial<DashboardArea> = {}): DashboardArea => ({
  code,
  name,
  isOverseas: false,
  files,
  filesGranted: 0,
  amountRequested: files * 21_000,
  amountGranted: 0,
  amountPaid: 0,
  essmsCovered: 0,
  essmsInFiles: 0,
  essmsOpen: 100,
  essmsNotCovered: 100,
  coverageRate: 0,
  projectsAtRisk: 0,
  byState: [],
  byWindow: [],
  ...extra,
});

describe('colour scale of the map', () => {
  const files = indicatorById('files');
  it('splits [0, max] into five DSFR blue classes, zero lightest and max darkest, null as "no data"', () => {
    const s = colourScale([0, 3, 10, null], files);
    expect(s.max).toBe(10);
    expect(s.classes.map((c) => c.colour)).toEqual([...PALETTE]);
    expect(s.classes[0]).toMatchObject({ from: 0, to: 2 });
    expect(s.classes[4]).toMatchObject({ from: 8, to: 10 });
    expect(s.colourOf(0)).toBe(PALETTE[0]);
    expect(s.colourOf(10)).toBe(PALETTE[4]);
    expect(s.colourOf(5)).toBe(PALETTE[2]);
    expect(s.colourOf(null)).toBe(NO_DATA_COLOUR);
  });
  it('has a single class when every value is zero, and readable text on dark classes', () => {
    const s = colourScale([0, 0], files);
    expect(s.classes).toHaveLength(1);
    expect(s.colourOf(0)).toBe(PALETTE[0]);
    expect(textOn(PALETTE[4])).toBe('#ffffff');
    expect(textOn(PALETTE[0])).toBe('#161616');
  });
  it('formats percentages for the coverage indicator', () => {
    const s = colourScale([0.1, 0.5], indicatorById('coverageRate'));
    expect(s.classes[4]!.label).toMatch(/50\s?%/);
  });
});

describe('filters in the URL', () => {
  it('reads and writes annee, fenetre, champ, type', () => {
    const f = filterFromParams(new URLSearchParams('annee=2024&fenetre=W1&champ=PA&type=UPGRADE'));
    expect(f).toEqual({ campaignYear: 2024, windowCode: 'W1', field: 'PA', projectType: 'UPGRADE' });
    expect(filterQuery(f, { region: '28' })).toBe('?annee=2024&fenetre=W1&champ=PA&type=UPGRADE&region=28');
    expect(filterQuery(filterFromParams(new URLSearchParams('annee=abc')))).toBe('');
  });
});

describe('exports: the same rows as the table', () => {
  const dashboard = {
    regions: [area('93', "Provence-Alpes-Côte d'Azur", 8), area('28', 'Normandie', 9, { coverageRate: 0.25, projectsAtRisk: 2 })],
    france: area('FR', 'France entière', 17, { projectsAtRisk: 2 }),
  } as unknown as NationalDashboardData['nationalDashboard'];
  const table = regionsTable(dashboard);

  it('builds one row per region sorted by name, then France', () => {
    const m = tableMatrix(table);
    expect(m[0]![0]).toBe('Région');
    expect(m.slice(1).map((r) => r[0])).toEqual(['Normandie', "Provence-Alpes-Côte d'Azur", 'France entière']);
    expect(m[1]![2]).toBe(9);
    expect(m[0]!.at(-1)).toBe('Projets à risque');
    expect(m.slice(1).map((r) => r.at(-1))).toEqual([2, 0, 2]);
  });

  it('writes CSV with a BOM, semicolons and raw numbers', async () => {
    const csv = await toCsv(table);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('Normandie;28;9;0;189000');
  });

  it('writes XLSX that reads back to the same rows (exceljs)', async () => {
    const buffer = await toXlsx(table);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer);
    const sheet = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === undefined ? null : v))));
    expect(rows).toEqual(tableMatrix(table));
  });

  it('neutralises spreadsheet formulas and names files safely', () => {
    expect(safeText('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(safeText(12)).toBe(12);
    expect(fileNameFor('Indicateurs par région', 'xlsx')).toBe('indicateurs-par-region.xlsx');
  });
});

describe('monthly series', () => {
  it('fills the months without submissions with zeros', async () => {
    const { continuousMonths } = await import('./indicators');
    const out = continuousMonths([
      { month: '2023-11', submissions: 2, amountRequested: 10, amountGranted: 0 },
      { month: '2024-02', submissions: 1, amountRequested: 5, amountGranted: 5 },
    ]);
    expect(out.map((m) => m.month)).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(out[1]).toEqual({ month: '2023-12', submissions: 0, amountRequested: 0, amountGranted: 0 });
  });
});

describe('projects at risk table', () => {
  const items = [
    {
      id: 'c1',
      reference: 'ESMS-28-0001',
      title: 'Projet A',
      regionCode: '28',
      regionName: 'Normandie',
      reasons: ['ESSMS 140000011 — Taux MSSanté : 10 % pour une cible de 70 %, 10 % projetés en juin 2027.', 'ESSMS 140000029 : aucune mesure d’usage transmise.'],
      candidature: { id: 'c1', organismes: [{ finessEj: '140000001', name: 'Association Les Tilleuls' }] },
    },
    { id: 'c2', reference: 'ESMS-93-0002', title: 'Projet B', regionCode: '93', regionName: 'PACA', reasons: ['=1+1'], candidature: { id: 'c2', organismes: [] } },
  ];
  const table = atRiskTable('Projets à risque — France entière', items);

  it('lists each file with its region, organismes (name and FINESS EJ) and every reason, one per line', () => {
    expect(tableMatrix(table)).toEqual([
      ['Référence', 'Région pivot', 'Organisme(s) gestionnaire(s)', 'Raisons'],
      ['ESMS-28-0001', 'Normandie', 'Association Les Tilleuls (140000001)', `${items[0]!.reasons[0]}\n${items[0]!.reasons[1]}`],
      ['ESMS-93-0002', 'PACA', '—', '=1+1'],
    ]);
    expect(table.rows[0]!['id']).toBe('c1'); // the drill-down link to the file
  });

  it('exports to XLSX (read back) and CSV, formulas neutralised', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await toXlsx(table));
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === undefined ? null : v))));
    expect(rows[1]).toEqual(tableMatrix(table)[1]);
    expect(rows[2]![3]).toBe("'=1+1");
    const csv = await toCsv(table);
    expect(csv).toContain('ESMS-93-0002;PACA;—;\'=1+1');
    expect(fileNameFor(table.title, 'csv')).toBe('projets-a-risque-france-entiere.csv');
  });
});
