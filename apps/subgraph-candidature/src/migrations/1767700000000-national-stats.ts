import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * National dashboard (issue 7): facts kept beside the files so every figure is a SQL aggregate —
 * the funding total of each file as computed by the domain (refreshed when the file's version changes),
 * and the field (PA, PH…) of each ESSMS read from the annuaire.
 */
export class NationalStats1767700000000 implements MigrationInterface {
  name = 'NationalStats1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE national_file_amount (
        candidature_id uuid PRIMARY KEY REFERENCES candidature(id) ON DELETE CASCADE,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL,
        requested_amount integer NOT NULL,
        essms_count integer NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE national_essms_field (
        finess text PRIMARY KEY,
        field text NOT NULL,
        category text,
        fetched_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX candidature_submitted_month_idx ON candidature (submitted_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS candidature_submitted_month_idx`);
    await q.query(`DROP TABLE IF EXISTS national_essms_field`);
    await q.query(`DROP TABLE IF EXISTS national_file_amount`);
  }
}
