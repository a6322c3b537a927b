import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the national dashboard needs of each grappe (project type, DUI solution, ESSMS count), as `g` computed it. */
const FACTS_OF = (ids: string) => `INSERT INTO national_file_grappe (candidature_id, project_type, solution_id, essms)
    SELECT gm.candidature_id,
           CASE WHEN bool_and(gm.situation = 'ACQUISITION') THEN 'ACQUISITION' WHEN bool_and(gm.situation = 'UPGRADE') THEN 'UPGRADE' ELSE 'MIXED' END,
           min(gm.chosen_solution_id), count(*)::int
      FROM grappe_member gm WHERE gm.candidature_id IN (${ids}) GROUP BY gm.candidature_id
    ON CONFLICT (candidature_id) DO UPDATE SET project_type = EXCLUDED.project_type, solution_id = EXCLUDED.solution_id, essms = EXCLUDED.essms;
    DELETE FROM national_file_grappe f WHERE f.candidature_id IN (${ids})
       AND NOT EXISTS (SELECT 1 FROM grappe_member gm WHERE gm.candidature_id = f.candidature_id);`;

/**
 * National dashboard at scale, second step:
 * - `national_file_grappe`: the grappe facts of each file, kept on write by statement triggers on `grappe_member`
 *   (so the dashboard no longer aggregates every grappe member on each request). Grappe changes of one file are
 *   serialised by the file's version check, so recomputing the file's row in the trigger is exact;
 * - `national_usage_shared` now holds the measurement rows themselves (with their reached flags) of the
 *   (ESSMS, month) pairs measured in more than one file: the distinct-ESSMS correction reads that small table,
 *   never `usage_measurement`. Rebuilt by the subgraph (usage-aggregates.ts) since its definition changes.
 */
export class NationalFileGrappe1768300000001 implements MigrationInterface {
  name = 'NationalFileGrappe1768300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE national_file_grappe (candidature_id uuid PRIMARY KEY, project_type text NOT NULL, solution_id text, essms integer NOT NULL)`);
    const fn = (name: string, body: string) =>
      q.query(`CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN ${body} RETURN NULL; END $fn$`);
    await fn('national_file_grappe_on_insert', FACTS_OF('SELECT candidature_id FROM new_rows'));
    await fn('national_file_grappe_on_delete', FACTS_OF('SELECT candidature_id FROM old_rows'));
    await fn('national_file_grappe_on_update', FACTS_OF('SELECT candidature_id FROM old_rows UNION SELECT candidature_id FROM new_rows'));
    await fn('national_file_grappe_on_truncate', 'TRUNCATE national_file_grappe;');
    await q.query(`CREATE TRIGGER national_file_grappe_insert AFTER INSERT ON grappe_member REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION national_file_grappe_on_insert()`);
    await q.query(`CREATE TRIGGER national_file_grappe_delete AFTER DELETE ON grappe_member REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION national_file_grappe_on_delete()`);
    await q.query(
      `CREATE TRIGGER national_file_grappe_update AFTER UPDATE ON grappe_member REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION national_file_grappe_on_update()`,
    );
    await q.query(`CREATE TRIGGER national_file_grappe_truncate AFTER TRUNCATE ON grappe_member FOR EACH STATEMENT EXECUTE FUNCTION national_file_grappe_on_truncate()`);
    await q.query(FACTS_OF('SELECT DISTINCT candidature_id FROM grappe_member'));

    await q.query(`DROP TABLE national_usage_shared`);
    await q.query(`
      CREATE TABLE national_usage_shared (
        candidature_id uuid NOT NULL,
        finess text NOT NULL,
        month text NOT NULL,
        reached boolean[] NOT NULL,
        PRIMARY KEY (candidature_id, finess, month)
      )`);
    await q.query(`CREATE INDEX national_usage_shared_pair_idx ON national_usage_shared (finess, month)`);
    await q.query(`DELETE FROM national_usage_definition`); // the triggers change: reinstalled and rebuilt by the subgraph
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['insert', 'delete', 'update', 'truncate']) {
      await q.query(`DROP TRIGGER IF EXISTS national_file_grappe_${t} ON grappe_member`);
      await q.query(`DROP FUNCTION IF EXISTS national_file_grappe_on_${t}()`);
    }
    await q.query(`DROP TABLE IF EXISTS national_file_grappe`);
    await q.query(`DROP TABLE IF EXISTS national_usage_shared`);
    await q.query(`CREATE TABLE national_usage_shared (finess text NOT NULL, month text NOT NULL, PRIMARY KEY (finess, month))`);
    await q.query(`DELETE FROM national_usage_definition`);
  }
}
