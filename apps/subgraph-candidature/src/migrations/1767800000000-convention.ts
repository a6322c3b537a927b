import type { MigrationInterface, QueryRunner } from 'typeorm';

/** ARS–porteur conventions (amounts, milestones, PDF) and the payments they make due (the advance at signature). */
export class Convention1767800000000 implements MigrationInterface {
  name = 'Convention1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE convention (
        id uuid PRIMARY KEY,
        candidature_id uuid NOT NULL UNIQUE REFERENCES candidature(id),
        status text NOT NULL CHECK (status IN ('GENERATED', 'SIGNED')),
        total integer NOT NULL CHECK (total >= 0),
        advance integer NOT NULL CHECK (advance >= 0),
        balance integer NOT NULL CHECK (balance >= 0),
        duration_months integer,
        project_start date NOT NULL,
        expected_end date,
        pdf bytea NOT NULL,
        generated_by text NOT NULL,
        generated_at timestamptz NOT NULL DEFAULT now(),
        signed_on date,
        signed_by text,
        signed_at timestamptz,
        CHECK (advance + balance = total),
        CHECK ((status = 'SIGNED') = (signed_on IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE payment (
        id uuid PRIMARY KEY,
        candidature_id uuid NOT NULL REFERENCES candidature(id),
        kind text NOT NULL CHECK (kind IN ('ADVANCE', 'BALANCE')),
        amount integer NOT NULL CHECK (amount >= 0),
        status text NOT NULL CHECK (status IN ('DUE', 'PAID')),
        due_on date NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (candidature_id, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS payment`);
    await q.query(`DROP TABLE IF EXISTS convention`);
  }
}
