import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The convention keeps the amounts it was generated with, line by line (ESSMS lines and the project's AMOA), as its
 * PDF does: the API, the PDF re-rendered at signature and the follow-up then read the same figures. Conventions
 * recorded before have no snapshot (NULL): their lines are recomputed from the grappe, sealed since the submission.
 */
export class ConventionLines1768250000000 implements MigrationInterface {
  name = 'ConventionLines1768250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE convention ADD COLUMN funding_lines jsonb`);
    await q.query(`ALTER TABLE convention ADD COLUMN amoa integer CHECK (amoa >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE convention DROP COLUMN amoa`);
    await q.query(`ALTER TABLE convention DROP COLUMN funding_lines`);
  }
}
