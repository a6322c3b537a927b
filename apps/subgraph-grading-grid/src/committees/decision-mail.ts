import { EmailOutboxDispatcher, type EmailDispatcherOptions, type OutboxEmail } from '@esms/server-kit';
import type { DataSource } from 'typeorm';
import { isUuid } from '../grids/grid.service';
import { euros, parisDateLabel } from './letter';

/**
 * The decision letter e-mail goes through the server-kit e-mail outbox (`outbox_email`): written in the transaction
 * that records the decision, sent after the commit (kick) and by the poller started with the subgraph — a crash never
 * loses one, and a re-send after a crash carries the same Message-ID. The PDF is not copied: the message refers to
 * the `decision_letter` row by storage key and the dispatcher reads it when sending.
 */
export const DECISION_LETTER_MAIL = 'decision_letter';

const LETTER_KEY = 'decision-letter/';
export const letterStorageKey = (decisionId: string) => `${LETTER_KEY}${decisionId}`;

const DECISION_LABEL: Record<string, string> = { RETAINED: 'retenu', NOT_RETAINED: 'non retenu', POSTPONED: 'ajourné' };

export interface DecisionMailFacts {
  decisionId: string;
  to: string;
  reference: string;
  title: string;
  decision: string;
  motive: string;
  amountGranted: number | null;
  decidedAt: Date;
}

export function decisionLetterEmail(d: DecisionMailFacts): OutboxEmail & { kind: string; ref: string } {
  const amount = d.decision === 'RETAINED' && d.amountGranted !== null ? `\nMontant accordé : ${euros(Number(d.amountGranted))}.` : '';
  return {
    to: d.to,
    subject: `Décision du comité de sélection — dossier ${d.reference}`,
    text:
      `Bonjour,\n\nLe comité de sélection de votre ARS s'est prononcé le ${parisDateLabel(d.decidedAt)} sur votre candidature ${d.reference} « ${d.title} » : ` +
      `dossier ${DECISION_LABEL[d.decision] ?? d.decision}.\nMotif : ${d.motive}${amount}\n\n` +
      `Le courrier de décision est joint à ce message ; il est aussi téléchargeable depuis votre espace porteur.\n\nL'équipe ESMS numérique`,
    attachments: [{ filename: `decision-${d.reference}.pdf`, contentType: 'application/pdf', storageKey: letterStorageKey(d.decisionId) }],
    kind: DECISION_LETTER_MAIL,
    ref: d.decisionId,
  };
}

async function readLetter(db: DataSource, storageKey: string): Promise<Buffer | null> {
  const decisionId = storageKey.startsWith(LETTER_KEY) ? storageKey.slice(LETTER_KEY.length) : '';
  if (!isUuid(decisionId)) return null;
  const rows = (await db.query(`SELECT pdf FROM decision_letter WHERE decision_id = $1`, [decisionId])) as { pdf: Buffer }[];
  return rows[0] ? Buffer.from(rows[0].pdf) : null;
}

const dispatchers = new WeakMap<DataSource, EmailOutboxDispatcher>();

/** The subgraph's e-mail dispatcher (one per database; the options count at its first call: main.ts, or a test). */
export function decisionMailOutbox(db: DataSource, options: Omit<EmailDispatcherOptions, 'readAttachment'> = {}): EmailOutboxDispatcher {
  let d = dispatchers.get(db);
  if (!d) {
    d = new EmailOutboxDispatcher(db, { ...options, readAttachment: (key) => readLetter(db, key) });
    dispatchers.set(db, d);
  }
  return d;
}
