import type { DataSource } from 'typeorm';
import { enqueueEmailOnce } from '@esms/server-kit';
import { applyEvent, type CommitteeDecisionEvent } from './candidature-client';
import { TOPIC_CANDIDATURE_EVENT, TOPIC_DECISION_LETTER_MAIL } from './committee.service';
import { decisionLetterEmail, decisionMailOutbox } from './decision-mail';
import type { OutboxHandler } from './outbox';

/**
 * The outbox topics of this subgraph: committee decisions to the candidature subgraph. Decision letters are written
 * straight into the e-mail outbox (`decision-mail.ts`); `mail.decision-letter` rows left by an earlier version are
 * moved there (once per decision), never sent from here.
 */
export function outboxHandlers(db: DataSource): Record<string, OutboxHandler> {
  return {
    [TOPIC_CANDIDATURE_EVENT]: async (payload) => {
      await applyEvent(payload as unknown as CommitteeDecisionEvent);
    },
    [TOPIC_DECISION_LETTER_MAIL]: async (payload) => {
      const decisionId = String(payload['decisionId']);
      const rows = (await db.query(
        `SELECT d.candidature_reference AS reference, d.candidature_title AS title, d.decision, d.motive, d.amount_granted AS "amountGranted", d.decided_at AS "decidedAt",
           d.porteur_email AS "porteurEmail", l.emailed_at AS "emailedAt"
         FROM committee_decision d JOIN decision_letter l ON l.decision_id = d.id WHERE d.id = $1`,
        [decisionId],
      )) as { reference: string; title: string; decision: string; motive: string; amountGranted: number | null; decidedAt: Date; porteurEmail: string | null; emailedAt: Date | null }[];
      const row = rows[0];
      if (!row || row.emailedAt) return; // sent by the earlier version
      const to = (payload['to'] as string | null) ?? row.porteurEmail;
      if (!to) throw new Error(`no e-mail address for the porteur of ${row.reference}`);
      const amountGranted = row.amountGranted === null ? null : Number(row.amountGranted);
      await enqueueEmailOnce(db, decisionLetterEmail({ decisionId, to, ...row, amountGranted, decidedAt: new Date(row.decidedAt) }));
      decisionMailOutbox(db).kick();
    },
  };
}
