import ExcelJS from 'exceljs';
import Papa from 'papaparse';

/** One row of the queue table, as exported (same columns as web-instructeur's table). */
export interface ExportRow {
  reference: string;
  title: string;
  stateLabel: string;
  campaign: string;
  windowCode: string | null;
  desk: string;
  pivotRegion: string | null;
  essmsCount: number;
  total: number;
  advance: number;
  flags: string;
  submittedAt: Date | null;
  assigned: string | null;
}

export const EXPORT_COLUMNS: { key: keyof ExportRow; header: string; width: number }[] = [
  { key: 'reference', header: 'Référence', width: 16 },
  { key: 'title', header: 'Titre', width: 48 },
  { key: 'stateLabel', header: 'État', width: 22 },
  { key: 'campaign', header: 'Campagne', width: 28 },
  { key: 'windowCode', header: 'Fenêtre', width: 10 },
  { key: 'desk', header: 'Guichet', width: 12 },
  { key: 'pivotRegion', header: 'Région pivot', width: 22 },
  { key: 'essmsCount', header: "Nombre d'ESSMS", width: 14 },
  { key: 'total', header: 'Montant total (€)', width: 18 },
  { key: 'advance', header: 'Avance (€)', width: 14 },
  { key: 'flags', header: 'Alertes', width: 28 },
  { key: 'submittedAt', header: 'Déposée le (heure de Paris)', width: 24 },
  { key: 'assigned', header: 'Instructeur assigné', width: 28 },
];

const PARIS = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** `12/03/2024 14:03` in Europe/Paris, whatever the server's time zone. */
export const parisDateTime = (d: Date | null): string => (d ? PARIS.format(d).replace(',', '') : '');

/** Text cells as shown in the table (dates in Paris time, empty for none); numbers stay numbers. */
export function exportCells(row: ExportRow): (string | number)[] {
  return EXPORT_COLUMNS.map(({ key }) => {
    const v = row[key];
    if (key === 'submittedAt') return parisDateTime(v as Date | null);
    if (typeof v === 'number') return v;
    return (v as string | null) ?? '';
  });
}

/** Formula injection guard for spreadsheet software: text starting with = + - @ is prefixed with a quote. */
const safeText = (v: string | number) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export async function buildXlsx(rows: ExportRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ESMS numérique';
  wb.created = new Date();
  const ws = wb.addWorksheet('Candidatures', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(exportCells(row).map(safeText));
  for (const key of ['total', 'advance'] as const) ws.getColumn(key).numFmt = '#,##0 "€"';
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** UTF-8 with BOM, `;` separator, CRLF: opens as-is in French spreadsheet software. */
export function buildCsv(rows: ExportRow[]): string {
  const data = [EXPORT_COLUMNS.map((c) => c.header), ...rows.map((r) => exportCells(r).map(safeText))];
  return `\uFEFF${Papa.unparse(data, { delimiter: ';', newline: '\r\n', quotes: false })}\r\n`;
}
