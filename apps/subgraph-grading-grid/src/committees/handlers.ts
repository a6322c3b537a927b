import type { DataSource } from 'typeorm';
import { createMailer, type Mailer, type MailMessage } from '@esms/server-kit';
import { applyEvent, type CommitteeDecisionEvent } from './candidature-client';
import { TOPIC_CANDIDATURE_EVENT, TOPIC_DECISION_LETTER_MAIL } from './committee.service';
import { euros, parisDateLabel } from './letter';
import type { OutboxHandler } from './outbox';

const DECISION_LABEL: Record<string, string> = { RETAINED: 'retenu', NOT_RETAINED: 'non retenu', POSTPONED: 'ajourné' };

/** nodemailer attachments pass through the server-kit mailer (it spreads the message into sendMail). */
type MailWithAttachment = MailMessage & { attachments: { filename: string; content: Buffer; contentType: string }[] };

/** The outbox topics of this subgraph: committee decisions to the candidature subgraph, decision letters by e-mail. */
export function outboxHandlers(db: DataSource, mailer: Mailer = createMailer()): Record<string, OutboxHandler> {
  return {
    [TOPIC_CANDIDATURE_EVENT]: async (payload) => {
      await applyEvent(payload as unknown as CommitteeDecisionEvent);
    },
    [TOPIC_DECISION_LETTER_MAIL]: async (payload) => {
      const decisionId = String(payload['decisionId']);
      const rows = (await db.query(
        `SELECT d.candidature_reference AS reference, d.candidature_title AS title, d.decision, d.motive, d.amount_granted AS "amountGranted", d.decided_at AS "decidedAt",
           d.porteur_email AS "porteurEmail", l.pdf, l.emailed_at AS "emailedAt"
         FROM committee_decision d JOIN decision_letter l ON l.decision_id = d.id WHERE d.id = $1`,
        [decisionId],
      )) as { reference: string; title: string; decision: string; motive: string; amountGranted: number | null; decidedAt: Date; porteurEmail: string | null; pdf: Buffer; emailedAt: Date | null }[];
      const row = rows[0];
      if (!row || row.emailedAt) return; // already sent (at-least-once delivery: do not send twice when we know)
      const to = (payload['to'] as string | null) ?? row.porteurEmail;
      if (!to) throw new Error(`no e-mail address for the porteur of ${row.reference}`);
      const amount = row.decision === 'RETAINED' && row.amountGranted !== null ? `\nMontant accordé : ${euros(Number(row.amountGranted))}.` : '';
      const message: MailWithAttachment = {
        to,
        subject: `Décision du comité de sélection — dossier ${row.reference}`,
        text:
          `Bonjour,\n\nLe comité de sélection de votre ARS s'est prononcé le ${parisDateLabel(new Date(row.decidedAt))} sur votre candidature ${row.reference} « ${row.title} » : ` +
          `dossier ${DECISION_LABEL[row.decision] ?? row.decision}.\nMotif : ${row.motive}${amount}\n\n` +
          `Le courrier de décision est joint à ce message ; il est aussi téléchargeable depuis votre espace porteur.\n\nL'équipe ESMS numérique`,
        attachments: [{ filename: `decision-${row.reference}.pdf`, content: Buffer.from(row.pdf), contentType: 'application/pdf' }],
      };
      await mailer.send(message);
      await db.query(`UPDATE decision_letter SET emailed_to = $2, emailed_at = now() WHERE decision_id = $1`, [decisionId, to]);
    },
  };
}
