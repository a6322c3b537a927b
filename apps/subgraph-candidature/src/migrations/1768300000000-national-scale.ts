import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * National dashboard at scale (issue 7 §5):
 * - one stored funding total per file: `candidature.funding_total` (queue facts, domain `computeFunding`) with
 *   `funding_version`, the file version it was computed for; `national_file_amount` (a second copy) is dropped;
 * - usage-target attainment maintained on write: per file and month, the ESSMS measured and those reaching each
 *   target (`national_usage_file_month`), and the (ESSMS, month) pairs measured in more than one file
 *   (`national_usage_shared`, so that an ESSMS is counted once). The triggers that fill them are (re)installed by
 *   the subgraph from the domain's `USAGE_INDICATORS` (national-stats/usage-aggregates.ts), with a rebuild.
 */
export class NationalScale1768300000000 implements MigrationInterface {
  name = 'NationalScale1768300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE candidature ADD COLUMN funding_version integer`);
    // Totals already computed by the queue facts stay valid until the file changes.
    await q.query(`UPDATE candidature SET funding_version = version WHERE queue_facts_at IS NOT NULL AND queue_facts_at >= updated_at`);
    await q.query(`DROP TABLE IF EXISTS national_file_amount`);
    await q.query(`
      CREATE TABLE national_usage_file_month (
        candidature_id uuid NOT NULL,
        month text NOT NULL,
        measured integer NOT NULL,
        reached integer[] NOT NULL,
        PRIMARY KEY (candidature_id, month)
      )`);
    await q.query(`CREATE TABLE national_usage_shared (finess text NOT NULL, month text NOT NULL, PRIMARY KEY (finess, month))`);
    await q.query(`CREATE TABLE national_usage_definition (id integer PRIMARY KEY CHECK (id = 1), definition text NOT NULL, installed_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX usage_measurement_finess_month_idx ON usage_measurement (finess, month)`);
    await q.query(`CREATE INDEX payment_paid_idx ON payment (candidature_id) WHERE status = 'PAID'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) await q.query(`DROP TRIGGER IF EXISTS national_usage_${t.toLowerCase()} ON usage_measurement`);
    await q.query(`DROP FUNCTION IF EXISTS national_usage_apply() CASCADE`);
    await q.query(`DROP INDEX IF EXISTS payment_paid_idx`);
    await q.query(`DROP INDEX IF EXISTS usage_measurement_finess_month_idx`);
    await q.query(`DROP TABLE IF EXISTS national_usage_definition`);
    await q.query(`DROP TABLE IF EXISTS national_usage_shared`);
    await q.query(`DROP TABLE IF EXISTS national_usage_file_month`);
    await q.query(`
      CREATE TABLE national_file_amount (
        candidature_id uuid PRIMARY KEY REFERENCES candidature(id) ON DELETE CASCADE,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL,
        requested_amount integer NOT NULL,
        essms_count integer NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE candidature DROP COLUMN funding_version`);
  }
}
