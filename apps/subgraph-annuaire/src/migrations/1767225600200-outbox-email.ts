import { OUTBOX_EMAIL_DDL } from '@esms/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The server-kit e-mail outbox (`outbox_email`, issue 8 line 15) for the account e-mails (activation, password reset,
 * "you already have an account"): written in the transaction that issues the token, sent after the commit and by the
 * poller. Their bodies carry one-time links, so a row's body is erased the moment it is marked sent (trigger below:
 * whatever code marks it, the secret does not outlive the delivery); recipient, subject, kind and dates stay.
 */
export const SENT_BODY_PLACEHOLDER = '[effacé après envoi : contenait un lien à usage unique]';

export class OutboxEmail1767225600200 implements MigrationInterface {
  name = 'OutboxEmail1767225600200';

  async up(q: QueryRunner): Promise<void> {
    for (const ddl of OUTBOX_EMAIL_DDL) await q.query(ddl);
    await q.query(`
      CREATE FUNCTION outbox_email_erase_sent_body() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.body := '${SENT_BODY_PLACEHOLDER}';
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER outbox_email_erase_sent_body BEFORE UPDATE OF sent_at ON outbox_email
        FOR EACH ROW WHEN (NEW.sent_at IS NOT NULL AND OLD.sent_at IS NULL) EXECUTE FUNCTION outbox_email_erase_sent_body()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS outbox_email`);
    await q.query(`DROP FUNCTION IF EXISTS outbox_email_erase_sent_body()`);
  }
}
