import { OUTBOX_EMAIL_DDL } from '@esms/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The server-kit e-mail outbox (`outbox_email`, issue 8 line 15): decision letters are written in the transaction
 * of the decision and sent from there, with a stable Message-ID across a re-send after a crash.
 */
export class OutboxEmail1736000000000 implements MigrationInterface {
  name = 'OutboxEmail1736000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const ddl of OUTBOX_EMAIL_DDL) await q.query(ddl);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS outbox_email`);
  }
}
