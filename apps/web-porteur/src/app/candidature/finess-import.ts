import { checkFiness } from '@esms/domain';

export type ImportLineStatus = 'VALID' | 'MALFORMED' | 'DUPLICATE' | 'ALREADY_IN_GRAPPE' | 'UNKNOWN' | 'CLOSED';

export interface ImportLine {
  /** 1-based line number in the pasted text or the CSV file. */
  line: number;
  /** What the line held, as typed. */
  raw: string;
  /** Normalised FINESS when well-formed. */
  finess?: string;
  status: ImportLineStatus;
  /** French explanation for the porteur. */
  message: string;
}

export interface ImportReport {
  lines: ImportLine[];
  /** Well-formed FINESS to add (after duplicates and members already there are set aside). */
  toAdd: string[];
}

const HEADER = /finess/i;

/** The FINESS cell of one CSV/pasted line: the first cell, or the one under a "finess" header. */
function cellsOf(line: string): string[] {
  return line.split(/[;,\t]/).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim());
}

/**
 * Reads a pasted list or a CSV file of FINESS géographiques (one per line; `;`, `,` or tab separated
 * CSV with a "finess" column accepted), and says, line by line, what will happen to each.
 * Format and key are checked with the domain's `checkFiness`; the server checks again.
 */
export function parseFinessImport(text: string, alreadyInGrappe: readonly string[] = []): ImportReport {
  const rawLines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let column = 0;
  const lines: ImportLine[] = [];
  const seen = new Set<string>();
  const present = new Set(alreadyInGrappe.map((f) => f.toUpperCase()));
  rawLines.forEach((rawLine, index) => {
    if (!rawLine.trim()) return;
    const cells = cellsOf(rawLine);
    if (index === 0 && cells.some((cell) => HEADER.test(cell))) {
      column = Math.max(0, cells.findIndex((cell) => HEADER.test(cell)));
      return;
    }
    const raw = cells[column] ?? '';
    const line = index + 1;
    if (!raw) {
      lines.push({ line, raw: rawLine.trim(), status: 'MALFORMED', message: 'Aucun numéro FINESS sur cette ligne.' });
      return;
    }
    const check = checkFiness(raw);
    if (!check.ok) {
      lines.push({ line, raw, status: 'MALFORMED', message: check.reason });
      return;
    }
    if (seen.has(check.finess)) {
      lines.push({ line, raw, finess: check.finess, status: 'DUPLICATE', message: 'Déjà présent plus haut dans la liste : compté une seule fois.' });
      return;
    }
    seen.add(check.finess);
    if (present.has(check.finess)) {
      lines.push({ line, raw, finess: check.finess, status: 'ALREADY_IN_GRAPPE', message: 'Déjà dans la grappe.' });
      return;
    }
    lines.push({ line, raw, finess: check.finess, status: 'VALID', message: check.warning ?? 'Numéro valide.' });
  });
  return { lines, toAdd: lines.filter((l) => l.status === 'VALID').map((l) => l.finess as string) };
}

/** Marks the lines whose FINESS the annuaire does not know (or knows as closed); they are not added. */
export function withAnnuaireFacts(
  report: ImportReport,
  known: ReadonlyMap<string, { closed: boolean } | null>,
): ImportReport {
  const lines = report.lines.map((line): ImportLine => {
    if (line.status !== 'VALID' || !line.finess) return line;
    const fact = known.get(line.finess);
    if (fact === undefined) return line;
    if (fact === null)
      return { ...line, status: 'UNKNOWN', message: 'Numéro inconnu du répertoire FiNESS : vérifiez-le sur finess.esante.gouv.fr.' };
    if (fact.closed) return { ...line, status: 'CLOSED', message: 'Établissement fermé dans FiNESS : il ne peut pas être financé.' };
    return line;
  });
  return { lines, toAdd: lines.filter((l) => l.status === 'VALID').map((l) => l.finess as string) };
}

export const IMPORT_STATUS_LABELS: Record<ImportLineStatus, string> = {
  VALID: 'À ajouter',
  MALFORMED: 'Refusé',
  DUPLICATE: 'Doublon',
  ALREADY_IN_GRAPPE: 'Déjà présent',
  UNKNOWN: 'Inconnu',
  CLOSED: 'Fermé',
};
