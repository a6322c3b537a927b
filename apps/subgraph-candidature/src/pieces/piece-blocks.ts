import type { PieceNeed } from '@esms/domain';
import { USABLE_SCAN_STATUSES } from './antivirus';
import type { PieceRow } from './pieces.service';
import { outstandingQuarantine, type QuarantineRow } from './quarantine';

/** Why a piece stops the submission: no file, a file the antivirus has not passed yet, or an infected last upload. */
export type PieceBlockReason = 'MISSING' | 'SCAN_PENDING' | 'INFECTED';

export interface PieceBlock {
  code: string;
  label: string;
  reason: PieceBlockReason;
  /** French, says what to do. */
  message: string;
}

/**
 * The pieces that block the submission, in the catalogue's order: every required piece without a usable file (named
 * by why: missing, being scanned, infected), and any current file still waiting for the antivirus (fail closed: an
 * unscanned file never reaches the ARS).
 */
export function pieceBlocks(needs: PieceNeed[], pieces: PieceRow[], quarantine: QuarantineRow[]): PieceBlock[] {
  const blocks: PieceBlock[] = [];
  for (const need of needs) {
    const current = pieces.filter((p) => p.code === need.code && !p.replacedAt).at(-1);
    const name = `${need.code} ${need.label}`;
    if (current?.scanStatus === 'PENDING') {
      blocks.push({ code: need.code, label: need.label, reason: 'SCAN_PENDING', message: `${name} : « ${current.fileName} » est en cours d'analyse antivirus ; le dépôt sera possible dès la fin de l'analyse.` });
      continue;
    }
    if (need.requirement !== 'REQUIRED' || (current && USABLE_SCAN_STATUSES.includes(current.scanStatus))) continue;
    const infected = outstandingQuarantine(need.code, current?.uploadedAt ?? null, quarantine);
    if (infected) {
      blocks.push({
        code: need.code,
        label: need.label,
        reason: 'INFECTED',
        message: `${name} : « ${infected.fileName} » contenait un virus et a été mis en quarantaine ; déposez une autre version de cette pièce.`,
      });
    } else {
      blocks.push({ code: need.code, label: need.label, reason: 'MISSING', message: `${name} : pièce obligatoire manquante ; joignez-la.` });
    }
  }
  return blocks;
}

const SUPPORT = "si cela dure, contactez le support ESMS numérique";

/** One French sentence per kind of block, for `SubmissionCheck.problems` and the refusal of a submission. */
export function pieceProblems(blocks: PieceBlock[]): string[] {
  const of = (reason: PieceBlockReason) => blocks.filter((b) => b.reason === reason).map((b) => `${b.code} ${b.label}`);
  const problems: string[] = [];
  const scanning = of('SCAN_PENDING');
  if (scanning.length) {
    problems.push(`Pièces en cours d'analyse antivirus : ${scanning.join(' ; ')}. Le dépôt sera possible dès la fin de l'analyse ; réessayez dans quelques minutes (${SUPPORT}).`);
  }
  const infected = of('INFECTED');
  if (infected.length) {
    problems.push(`Pièces refusées par l'antivirus (virus détecté, fichier mis en quarantaine) : ${infected.join(' ; ')}. Analysez votre poste, puis déposez une autre version de chacune.`);
  }
  const missing = of('MISSING');
  if (missing.length) problems.push(`Pièces obligatoires manquantes : ${missing.join(' ; ')}.`);
  return problems;
}
