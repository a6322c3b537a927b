import { EmailOutboxDispatcher, createMailer, enqueueEmail, type EmailDispatcherOptions, type Logger, type Mailer, type OutboxEmail } from '@esms/server-kit';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The account e-mails go through server-kit's e-mail outbox (`outbox_email`, issue 8 line 15): the row is written in
 * the transaction that creates the account or the token, so a crash neither loses the link nor sends one for a change
 * that did not commit; an SMTP failure leaves it pending, retried by the poller (main.ts). The request never waits
 * for the SMTP server: its answer and its duration are the same whether a message was queued or not (no existence
 * leak), and an SMTP error never reaches the user. Sent bodies are erased by the migration's trigger.
 */
export type AccountMailKind = 'account_activation' | 'account_exists' | 'password_reset';

let configuredMailer: Mailer | null = null;
/** The mailer of the account e-mails (tests: an SMTP capture or the .eml folder); null = `createMailer()` (SMTP_URL). */
export function setIdentityMailer(mailer: Mailer | null): void {
  configuredMailer = mailer;
}

/** Resolved at each send, so `configureIdentity({ mailer })` applies even after the dispatcher exists. */
const currentMailer: Mailer = {
  get destination() {
    return (configuredMailer ??= createMailer()).destination;
  },
  send: (message) => (configuredMailer ??= createMailer()).send(message),
};

const dispatchers = new WeakMap<DataSource, EmailOutboxDispatcher>();

/** The dispatcher of a database (options apply when it is first created: main.ts passes its logger). */
export function identityMailOutbox(db: DataSource, options: Omit<EmailDispatcherOptions, 'mailer'> = {}): EmailOutboxDispatcher {
  let d = dispatchers.get(db);
  if (!d) {
    d = new EmailOutboxDispatcher(db, { ...options, mailer: currentMailer });
    dispatchers.set(db, d);
  }
  return d;
}

/** Starts sending what the commit just queued, without waiting (a failure stays pending for the poller). */
export function flushIdentityMail(db: DataSource, logger?: Logger): void {
  identityMailOutbox(db)
    .dispatchOnce()
    .catch((err) => logger?.warn({ err }, 'account e-mail flush failed (the poller retries)'));
}

export function enqueueAccountMail(manager: EntityManager, kind: AccountMailKind, email: Omit<OutboxEmail, 'kind' | 'ref' | 'attachments'>, ref?: string): Promise<string> {
  return enqueueEmail(manager, { ...email, kind, ...(ref ? { ref } : {}) });
}

// ---------------------------------------------------------------------------------------------
// What the messages say

export function activationMail(to: string, link: string) {
  return {
    to,
    subject: 'ESMS numérique — activez votre compte',
    text: [
      'Bonjour,',
      '',
      'Vous avez demandé la création d’un compte porteur sur la plateforme ESMS numérique.',
      'Pour l’activer, ouvrez ce lien (valable 48 heures) :',
      link,
      '',
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : aucun compte ne sera activé.',
    ].join('\n'),
  };
}

export function accountExistsMail(to: string, appUrl: string) {
  return {
    to,
    subject: 'ESMS numérique — vous avez déjà un compte',
    text: [
      'Bonjour,',
      '',
      'Une inscription vient d’être demandée avec cette adresse, qui a déjà un compte sur la plateforme ESMS numérique.',
      `Pour vous connecter : ${appUrl}/connexion`,
      `Mot de passe oublié ? Demandez sa réinitialisation depuis la page de connexion.`,
      '',
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.',
    ].join('\n'),
  };
}

export function passwordResetMail(to: string, link: string) {
  return {
    to,
    subject: 'ESMS numérique — réinitialisation de votre mot de passe',
    text: [
      'Bonjour,',
      '',
      'Pour choisir un nouveau mot de passe, ouvrez ce lien (valable 1 heure) :',
      link,
      '',
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
    ].join('\n'),
  };
}
