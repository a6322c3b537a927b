import { randomUUID } from 'node:crypto';
import { STATE_LABELS } from '@esms/domain';
import { badInput, forbidden, requireRole, setOutboxMailer, type Mailer, type SubgraphContext } from '@esms/server-kit';
import { actingRole } from '../authorization/candidature-scope';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { insertEvent } from '../candidatures/candidature.repository';
import { lifecycleContext, readableCandidature } from '../candidatures/candidature.service';
import { instructedCandidature, porteurCandidature, type QueueRow } from '../queue/access';
import { refreshQueueFacts } from '../queue/queue-facts';
import { flushMailOutbox } from '../submission/mail-outbox';
import { dialogueRecipients, enqueueDialogueMail } from './dialogue-mail';
import { PORTEUR_PARTS, type PorteurPart } from './dialogue.types';
import { nextState, writeTransition } from './transition';

/** Tests may route the outbox's e-mails to their own mailer (server-kit `setOutboxMailer`); null: back to SMTP_URL / the folder. */
export function setDialogueMailer(m: Mailer | null) {
  setOutboxMailer(m);
}

const PLATFORM_URL = () => process.env['ESMS_PORTEUR_URL'] ?? 'http://127.0.0.1:4200';

function text(value: string, field: string, min = 1, max = 8000): string {
  const t = (value ?? '').trim();
  if (t.length < min || t.length > max) {
    throw badInput(min > 1 ? `Écrivez au moins ${min} caractères (au plus ${max}).` : `Écrivez un message (au plus ${max} caractères).`, { field });
  }
  return t;
}

async function insertMessage(m: { query: (sql: string, p: unknown[]) => Promise<unknown> }, candidatureId: string, kind: string, authorId: string | null, role: string, body: string) {
  const id = randomUUID();
  await m.query(`INSERT INTO candidature_message (id, candidature_id, kind, author_id, author_role, body, at) VALUES ($1, $2, $3, $4, $5, $6, now())`, [id, candidatureId, kind, authorId, role, body]);
  return id;
}

export async function sendMessage(ctx: SubgraphContext, id: string, body: string): Promise<string> {
  requireRole(ctx, 'PORTEUR', 'INSTRUCTEUR', 'CNSA');
  const row: QueueRow = await readableCandidature(ctx, id);
  const role = actingRole(ctx.claims, row);
  if (!role) throw forbidden("Vous consultez ce dossier en lecture seule : seuls le porteur et l'ARS pivot échangent sur ce dossier.");
  const t = text(body, 'body');
  const mail =
    role === 'PORTEUR'
      ? { to: [row.assignedInstructeur], subject: `Nouveau message du porteur — ${row.reference}`, text: `Le porteur a écrit sur le dossier ${row.reference} :\n\n${t}` }
      : { to: [row.porteurAccountId], subject: `Message de l'ARS — ${row.reference}`, text: `L'ARS vous a écrit sur votre candidature ${row.reference} « ${row.title} » :\n\n${t}\n\nRépondez depuis votre espace : ${PLATFORM_URL()}` };
  const recipients = await dialogueRecipients(ctx, mail.to);
  let messageId = '';
  await ctx.db.transaction(async (m) => {
    messageId = await insertMessage(m, row.id, 'MESSAGE', ctx.claims.sub, role, t);
    await insertEvent(m, { candidatureId: row.id, actorId: ctx.claims.sub, actorRole: role, action: 'message', fromState: row.state, toState: row.state, details: { messageId } });
    await enqueueDialogueMail(m, recipients, { subject: mail.subject, text: mail.text, kind: 'dialogue_message', ref: messageId });
  });
  await flushMailOutbox(ctx.db, ctx.logger);
  return messageId;
}

export async function requestComplement(ctx: SubgraphContext, id: string, parts: string[], message: string): Promise<CandidatureRow> {
  const { row, role } = await instructedCandidature(ctx, id);
  const asked = [...new Set(parts)];
  if (!asked.length || asked.some((p) => !(PORTEUR_PARTS as readonly string[]).includes(p))) {
    throw badInput(`Choisissez au moins une partie à rouvrir parmi : ${PORTEUR_PARTS.join(', ')}.`, { field: 'parts' });
  }
  const t = text(message, 'message', 10);
  const now = new Date();
  const to = nextState(row, 'request_complement', role, await lifecycleContext(ctx, row, now, t));
  const recipients = await dialogueRecipients(ctx, [row.porteurAccountId]);
  const requestId = randomUUID();
  await ctx.db.transaction(async (m) => {
    await writeTransition(m, row, to, { action: 'request_complement', actorId: ctx.claims.sub, actorRole: role, at: now, details: { comment: t, parts: asked } });
    await m.query(`UPDATE complement_request SET answered_at = now() WHERE candidature_id = $1 AND answered_at IS NULL`, [row.id]);
    await m.query(`INSERT INTO complement_request (id, candidature_id, parts, message, requested_by, requested_at) VALUES ($1, $2, $3::text[], $4, $5, $6)`, [
      requestId, row.id, asked, t, ctx.claims.sub, now,
    ]);
    await insertMessage(m, row.id, 'COMPLEMENT_REQUEST', ctx.claims.sub, role, t);
    await enqueueDialogueMail(m, recipients, {
      subject: `Compléments demandés — candidature ${row.reference}`,
      text: `Bonjour,\n\nL'ARS demande des compléments sur votre candidature ${row.reference} « ${row.title} ».\n\n${t}\n\nParties à compléter : ${asked
        .map((p) => PART_LABELS[p as PorteurPart])
        .join(', ')}.\nSeules ces parties sont rouvertes. Complétez-les puis envoyez votre réponse depuis votre espace : ${PLATFORM_URL()}\n\nL'équipe ESMS numérique`,
      kind: 'complement_request',
      ref: requestId,
    });
  });
  await flushMailOutbox(ctx.db, ctx.logger);
  ctx.loaders.clear();
  return readableCandidature(ctx, row.id);
}

export const PART_LABELS: Record<PorteurPart, string> = {
  identity: 'identité et réponses du dossier',
  grappe: 'grappe d’ESSMS',
  solution: 'solution DUI',
  funding: 'plan de financement',
  pieces: 'pièces jointes',
  saad: 'heures SAAD',
};

export async function answerComplement(ctx: SubgraphContext, id: string, message: string): Promise<CandidatureRow> {
  const row = await porteurCandidature(ctx, id);
  const t = text(message, 'message');
  const now = new Date();
  const to = nextState(row, 'provide_complement', 'PORTEUR', await lifecycleContext(ctx, row, now, t));
  const recipients = await dialogueRecipients(ctx, [row.assignedInstructeur]);
  await ctx.db.transaction(async (m) => {
    await writeTransition(m, row, to, { action: 'provide_complement', actorId: ctx.claims.sub, actorRole: 'PORTEUR', at: now, details: { comment: t } });
    await m.query(`UPDATE complement_request SET answered_at = $2 WHERE candidature_id = $1 AND answered_at IS NULL`, [row.id, now]);
    const messageId = await insertMessage(m, row.id, 'COMPLEMENT_ANSWER', ctx.claims.sub, 'PORTEUR', t);
    await refreshQueueFacts(m, row.id);
    await enqueueDialogueMail(m, recipients, {
      subject: `Compléments reçus — ${row.reference}`,
      text: `Le porteur a répondu à la demande de compléments du dossier ${row.reference} (état : ${STATE_LABELS[to]}) :\n\n${t}`,
      kind: 'complement_answer',
      ref: messageId,
    });
  });
  await flushMailOutbox(ctx.db, ctx.logger);
  ctx.loaders.clear();
  return readableCandidature(ctx, row.id);
}

export async function reopenLateFile(ctx: SubgraphContext, id: string, reason: string): Promise<CandidatureRow> {
  const { row, role } = await instructedCandidature(ctx, id);
  const t = text(reason, 'reason', 10);
  const now = new Date();
  const to = nextState(row, 'reopen', role, await lifecycleContext(ctx, row, now, t));
  const recipients = await dialogueRecipients(ctx, [row.porteurAccountId]);
  await ctx.db.transaction(async (m) => {
    await writeTransition(m, row, to, { action: 'reopen', actorId: ctx.claims.sub, actorRole: role, at: now, details: { comment: t } });
    const messageId = await insertMessage(m, row.id, 'REOPEN', ctx.claims.sub, role, t);
    await enqueueDialogueMail(m, recipients, {
      subject: `Dossier rouvert — candidature ${row.reference}`,
      text: `L'ARS a rouvert votre candidature ${row.reference} pour ajustement :\n\n${t}\n\nVotre espace : ${PLATFORM_URL()}`,
      kind: 'file_reopened',
      ref: messageId,
    });
  });
  await flushMailOutbox(ctx.db, ctx.logger);
  ctx.loaders.clear();
  return readableCandidature(ctx, row.id);
}
