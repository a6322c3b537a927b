import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { buildCsv, buildXlsx, EXPORT_COLUMNS, parisDateTime, type ExportRow } from './export-builders';

const rows: ExportRow[] = [
  {
    reference: 'NOR-2024-0001', title: 'Grappe « Les Tilleuls » ; EHPAD', stateLabel: 'Déposée', campaign: 'ARS Normandie 2024', windowCode: 'W1',
    desk: 'Régional', pivotRegion: 'Normandie', essmsCount: 18, total: 412_501, advance: 206_251, flags: 'Vigilance', submittedAt: new Date('2024-03-31T22:30:00Z'), assigned: 'Camille Martin',
  },
  {
    reference: 'NOR-2024-0002', title: '=HYPERLINK("x")', stateLabel: "En cours d'instruction", campaign: 'ARS Normandie 2024', windowCode: null,
    desk: 'National', pivotRegion: null, essmsCount: 0, total: 0, advance: 0, flags: '', submittedAt: null, assigned: null,
  },
];

describe('export builders', () => {
  it('formats dates in Paris time (summer time switch included)', () => {
    expect(parisDateTime(new Date('2024-03-31T22:30:00Z'))).toBe('01/04/2024 00:30');
    expect(parisDateTime(new Date('2024-01-15T23:30:00Z'))).toBe('16/01/2024 00:30');
    expect(parisDateTime(null)).toBe('');
  });

  it('XLSX reads back with the same header and rows, numbers as numbers, formulas neutralised', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildXlsx(rows)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Candidatures')!;
    const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    expect(values(1)).toEqual(EXPORT_COLUMNS.map((c) => c.header));
    expect(ws.rowCount).toBe(3);
    expect(values(2)).toEqual(['NOR-2024-0001', 'Grappe « Les Tilleuls » ; EHPAD', 'Déposée', 'ARS Normandie 2024', 'W1', 'Régional', 'Normandie', 18, 412501, 206251, 'Vigilance', '01/04/2024 00:30', 'Camille Martin']);
    expect(ws.getRow(3).getCell(2).value).toBe(`'=HYPERLINK("x")`);
  });

  it('CSV: UTF-8 BOM, semicolons, quotes where needed, parses back the same', () => {
    const csv = buildCsv(rows);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ';', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data[0]).toEqual(EXPORT_COLUMNS.map((c) => c.header));
    expect(parsed.data[1]).toEqual(['NOR-2024-0001', 'Grappe « Les Tilleuls » ; EHPAD', 'Déposée', 'ARS Normandie 2024', 'W1', 'Régional', 'Normandie', '18', '412501', '206251', 'Vigilance', '01/04/2024 00:30', 'Camille Martin']);
    expect(parsed.data[2]![1]).toBe(`'=HYPERLINK("x")`);
    expect(parsed.data).toHaveLength(3);
  });
});
