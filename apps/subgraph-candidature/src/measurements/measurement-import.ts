import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { badInput } from '@esms/server-kit';
import type { EssmsUsageCountsInput } from './measurement.types';

/**
 * Import of one month's counts for a whole grappe (CSV or XLSX, one line per ESSMS). Columns, in any order
 * (headers compared without case, accents or punctuation): the same names as the template the porteur downloads.
 */
export const IMPORT_COLUMNS: { header: string; field: keyof EssmsUsageCountsInput; optional?: boolean }[] = [
  { header: 'finess', field: 'finess' },
  { header: 'personnes_accompagnees', field: 'personsAccompanied' },
  { header: 'dossiers_actifs', field: 'activeDossiers' },
  { header: 'dossiers_actifs_projet_personnalise', field: 'activeDossiersWithProjetPersonnalise' },
  { header: 'dossiers_actifs_agenda', field: 'activeDossiersWithAgendaEvent' },
  { header: 'messages_mssante', field: 'mssanteMessagesSent' },
  { header: 'dmp_alimentes', field: 'dmpFed' },
  { header: 'e_prescriptions', field: 'ePrescriptionsImported', optional: true },
  { header: 'echanges_e_parcours', field: 'eParcoursExchanges', optional: true },
];

const normalise = (h: unknown) =>
  String(h ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/** A cell → number (NaN when not a number: the domain validation then says why); empty → undefined. */
function count(v: unknown): number | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return v;
  const s = String(v).trim().replace(/\s/g, '');
  if (!s) return undefined;
  return /^-?\d+([.,]\d+)?$/.test(s) ? Number(s.replace(',', '.')) : Number.NaN;
}

function toItems(table: unknown[][]): EssmsUsageCountsInput[] {
  const [header, ...lines] = table.filter((r) => r.some((c) => String(c ?? '').trim() !== ''));
  if (!header) throw badInput('Le fichier est vide : utilisez le modèle (une ligne d’en-tête, puis une ligne par ESSMS).');
  const names = header.map(normalise);
  const missing = IMPORT_COLUMNS.filter((c) => !c.optional && !names.includes(c.header)).map((c) => c.header);
  if (missing.length) throw badInput(`Colonnes manquantes dans le fichier : ${missing.join(', ')}. Utilisez le modèle proposé.`, { field: 'file' });
  if (!lines.length) throw badInput('Le fichier ne contient aucune ligne de mesure.', { field: 'file' });
  if (lines.length > 2000) throw badInput('Le fichier contient trop de lignes (2 000 au plus).', { field: 'file' });
  return lines.map((line) => {
    const item: Record<string, unknown> = {};
    for (const c of IMPORT_COLUMNS) {
      const i = names.indexOf(c.header);
      const v = i >= 0 ? line[i] : undefined;
      item[c.field] = c.field === 'finess' ? String(v ?? '').trim() : count(v);
    }
    return item as unknown as EssmsUsageCountsInput;
  });
}

const cellValue = (v: ExcelJS.CellValue): unknown => {
  if (v && typeof v === 'object') {
    if ('result' in v) return (v as ExcelJS.CellFormulaValue).result;
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
    if ('text' in v) return (v as { text: string }).text;
  }
  return v;
};

/** Parses a CSV (`;` or `,`, UTF-8) or XLSX (first sheet) file into measurement items. */
export async function parseMeasurementFile(data: Buffer): Promise<EssmsUsageCountsInput[]> {
  if (data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(data as unknown as ArrayBuffer);
    } catch {
      throw badInput('Le classeur XLSX est illisible : enregistrez-le de nouveau au format .xlsx ou utilisez un CSV.', { field: 'file' });
    }
    const ws = wb.worksheets[0];
    if (!ws) throw badInput('Le classeur ne contient aucune feuille.', { field: 'file' });
    const table: unknown[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      table.push(values.map(cellValue));
    });
    return toItems(table);
  }
  const text = data.toString('utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true, delimiter: '' });
  if (parsed.errors.some((e) => e.type === 'Quotes')) throw badInput('Le fichier CSV est mal formé (guillemets non fermés).', { field: 'file' });
  return toItems(parsed.data);
}

/** The CSV template for a grappe (header + one line per FINESS, counts to fill in). */
export function importTemplate(finessList: string[]): string {
  return [IMPORT_COLUMNS.map((c) => c.header).join(';'), ...finessList.map((f) => [f, ...IMPORT_COLUMNS.slice(1).map(() => '')].join(';'))].join('\r\n') + '\r\n';
}
