import { accountRecipient, enqueueEmail, type SubgraphContext } from '@esms/server-kit';
import type { EntityManager } from 'typeorm';
import { accountContacts } from '../queue/annuaire-lookups';

/**
 * E-mails of the dialogue (messages, complement requests and answers, reopening) go through the subgraph's e-mail
 * outbox (server-kit `outbox_email`, `src/submission/mail-outbox.ts`): written in the transaction of the change, sent
 * after the commit and by the outbox's poller — a crash or an SMTP failure never loses one, a rolled-back change never
 * sends one.
 */
export interface DialogueRecipient {
  accountId: string;
  /** The address, or `account:<id>` when the annuaire did not answer (resolved when sending, see `accountEmail`). */
  to: string;
}

/** Read from the annuaire BEFORE the transaction (no transaction is held during a call). */
export async function dialogueRecipients(ctx: SubgraphContext, accountIds: (string | null | undefined)[]): Promise<DialogueRecipient[]> {
  const ids = [...new Set(accountIds.filter((id): id is string => !!id))];
  if (!ids.length) return [];
  const contacts = await accountContacts(ids);
  if (!contacts) {
    ctx.logger.warn({ accountIds: ids }, 'annuaire unavailable: e-mail queued, its address is resolved when sending');
    return ids.map((accountId) => ({ accountId, to: accountRecipient(accountId) }));
  }
  const known = ids.filter((id) => contacts[id]?.email);
  if (known.length < ids.length) ctx.logger.warn({ accountIds: ids.filter((id) => !known.includes(id)) }, 'account without e-mail address: not notified');
  return known.map((accountId) => ({ accountId, to: contacts[accountId].email }));
}

/** One outbox row per recipient, in the caller's transaction; `kind` + `ref:<account>` identify it. */
export async function enqueueDialogueMail(
  m: EntityManager,
  recipients: DialogueRecipient[],
  mail: { subject: string; text: string; kind: string; ref: string },
): Promise<void> {
  for (const r of recipients) {
    await enqueueEmail(m, { to: r.to, subject: mail.subject, text: mail.text, kind: mail.kind, ref: `${mail.ref}:${r.accountId}` });
  }
}

/** Resolves an `account:<id>` recipient when sending: throws while the annuaire does not answer (retried later). */
export async function accountEmail(accountId: string): Promise<string | null> {
  const contacts = await accountContacts([accountId]);
  if (!contacts) throw new Error('annuaire unavailable: the address of the account cannot be read yet');
  return contacts[accountId]?.email ?? null;
}
