/** A table as data: what the page shows, and what the CSV and XLSX exports contain — the same rows. */
export type CellValue = string | number | null;

export interface TableColumn {
  key: string;
  label: string;
  kind?: 'text' | 'count' | 'euros' | 'percent';
}

export interface TableData {
  /** Title (also the sheet name and the file name). */
  title: string;
  columns: TableColumn[];
  rows: Record<string, CellValue>[];
}

/** Rows as arrays in column order (header first), raw values: numbers stay numbers. */
export function tableMatrix(table: TableData): CellValue[][] {
  return [table.columns.map((c) => c.label), ...table.rows.map((r) => table.columns.map((c) => r[c.key] ?? null))];
}

/** A safe file name from the title: lower-case, accents removed, dashes. */
export function fileNameFor(title: string, extension: string): string {
  const base = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${base || 'export'}.${extension}`;
}

/** Neutralises spreadsheet formulas in text cells (CSV/XLSX injection): a leading = + - @ gets a quote. */
export const safeText = (v: CellValue): CellValue => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** CSV (semicolon-separated, UTF-8 with BOM — what French spreadsheet software opens directly). */
export async function toCsv(table: TableData): Promise<string> {
  const { unparse } = await import('papaparse');
  const matrix = tableMatrix(table).map((row) => row.map((v) => (v === null ? '' : safeText(v))));
  return `\ufeff${unparse(matrix, { delimiter: ';', newline: '\r\n' })}`;
}

/** XLSX (one sheet, header row in bold, numbers as numbers). */
export async function toXlsx(table: TableData): Promise<ArrayBuffer> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ESMS numérique — CNSA';
  const sheet = workbook.addWorksheet(table.title.slice(0, 31).replace(/[[\]*?/\\:]/g, ' '));
  for (const row of tableMatrix(table)) sheet.addRow(row.map(safeText));
  sheet.getRow(1).font = { bold: true };
  table.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(12, Math.min(50, c.label.length + 4));
    if (c.kind === 'euros') column.numFmt = '#,##0 "€"';
    if (c.kind === 'percent') column.numFmt = '0.0%';
  });
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}

export function download(content: BlobPart, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
