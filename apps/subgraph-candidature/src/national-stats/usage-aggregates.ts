import { USAGE_INDICATORS } from '@esms/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { COUNT_COLUMNS } from '../measurements/measurement.service';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = DataSource | EntityManager;

/** The monthly measurement table of the follow-up module (issue 6): one row per file, ESSMS and month ('YYYY-MM'). */
export const USAGE_MEASUREMENT_TABLE = 'usage_measurement';
const column = (field: string) => COUNT_COLUMNS[field as keyof typeof COUNT_COLUMNS];

/**
 * "Reaches indicator i" for a measurement row `alias`: the domain's comparison (`usageRates`: exact ratio ≥
 * target, no rate when the denominator is 0), as SQL. `target(i)` gives the SQL of the target (a literal in the
 * triggers, a parameter in queries).
 */
export function reachedSql(alias: string, target: (i: number) => string): string[] {
  return USAGE_INDICATORS.map((ind, i) => {
    const num = column(ind.numerator);
    const den = column(ind.denominator);
    return `(${alias}.${den} > 0 AND ${alias}.${num} * 100.0 / ${alias}.${den} >= ${target(i)})`;
  });
}

const literalTargets = (i: number) => String(Number(USAGE_INDICATORS[i]!.target));

/** `count(*)` and the reached counts of a set of measurement rows, grouped by file and month, times `sign`. */
function fileMonthCounts(source: string, sign: 1 | -1): string {
  const reached = reachedSql('r', literalTargets).map((cond) => `${sign} * count(*) FILTER (WHERE ${cond})`);
  return `SELECT r.candidature_id, r.month, ${sign} * count(*), ARRAY[${reached.join(', ')}]::integer[] FROM ${source} r GROUP BY 1, 2`;
}

function upsertCounts(source: string, sign: 1 | -1): string {
  const sum = USAGE_INDICATORS.map((_, i) => `a.reached[${i + 1}] + EXCLUDED.reached[${i + 1}]`).join(', ');
  return `INSERT INTO national_usage_file_month AS a (candidature_id, month, measured, reached) ${fileMonthCounts(source, sign)}
    ON CONFLICT (candidature_id, month) DO UPDATE SET measured = a.measured + EXCLUDED.measured, reached = ARRAY[${sum}]::integer[];`;
}

/** Serialises the shared-pair checks of concurrent writers (one key): each check then sees the other's rows. */
const LOCK = `PERFORM pg_advisory_xact_lock(hashtext('national_usage_shared'));`;
const flags = (alias: string) => `ARRAY[${reachedSql(alias, literalTargets).join(', ')}]::boolean[]`;
/** Every row (all files) of the (ESSMS, month) pairs of `source` that are measured in more than one file. */
const ADD_SHARED = (source: string) => `INSERT INTO national_usage_shared (candidature_id, finess, month, reached)
    SELECT u.candidature_id, u.finess, u.month, ${flags('u')} FROM ${USAGE_MEASUREMENT_TABLE} u
     WHERE (u.finess, u.month) IN (SELECT n.finess, n.month FROM ${source} n)
       AND EXISTS (SELECT 1 FROM ${USAGE_MEASUREMENT_TABLE} v WHERE v.finess = u.finess AND v.month = u.month AND v.candidature_id <> u.candidature_id)
    ON CONFLICT (candidature_id, finess, month) DO UPDATE SET reached = EXCLUDED.reached;`;
/** Rows gone from `source`, then pairs left with a single file. */
const DROP_SHARED = (source: string) => `DELETE FROM national_usage_shared s USING ${source} o
     WHERE s.candidature_id = o.candidature_id AND s.finess = o.finess AND s.month = o.month;
    DELETE FROM national_usage_shared s USING (SELECT DISTINCT finess, month FROM ${source}) o
     WHERE s.finess = o.finess AND s.month = o.month
       AND NOT EXISTS (SELECT 1 FROM national_usage_shared t WHERE t.finess = s.finess AND t.month = s.month AND t.candidature_id <> s.candidature_id);`;
const DROP_EMPTY = (source: string) => `DELETE FROM national_usage_file_month a USING (SELECT DISTINCT candidature_id, month FROM ${source}) o
     WHERE a.candidature_id = o.candidature_id AND a.month = o.month AND a.measured <= 0;`;

/**
 * The triggers that keep the usage aggregates on write (statement level, transition tables: one aggregate
 * per statement, whatever its number of rows), generated from the domain's indicators.
 */
export function usageTriggerSql(): string[] {
  const fn = (name: string, body: string) => `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN ${body} RETURN NULL; END $fn$`;
  return [
    fn('national_usage_on_insert', `${LOCK} ${upsertCounts('new_rows', 1)} ${ADD_SHARED('new_rows')}`),
    fn('national_usage_on_delete', `${LOCK} ${upsertCounts('old_rows', -1)} ${DROP_EMPTY('old_rows')} ${DROP_SHARED('old_rows')}`),
    fn(
      'national_usage_on_update',
      `${LOCK} ${upsertCounts('old_rows', -1)} ${upsertCounts('new_rows', 1)} ${DROP_EMPTY('old_rows')} ${DROP_SHARED('old_rows')} ${ADD_SHARED('new_rows')}`,
    ),
    fn('national_usage_on_truncate', `TRUNCATE national_usage_file_month, national_usage_shared;`),
    `DROP TRIGGER IF EXISTS national_usage_insert ON ${USAGE_MEASUREMENT_TABLE}`,
    `DROP TRIGGER IF EXISTS national_usage_delete ON ${USAGE_MEASUREMENT_TABLE}`,
    `DROP TRIGGER IF EXISTS national_usage_update ON ${USAGE_MEASUREMENT_TABLE}`,
    `DROP TRIGGER IF EXISTS national_usage_truncate ON ${USAGE_MEASUREMENT_TABLE}`,
    `CREATE TRIGGER national_usage_insert AFTER INSERT ON ${USAGE_MEASUREMENT_TABLE} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION national_usage_on_insert()`,
    `CREATE TRIGGER national_usage_delete AFTER DELETE ON ${USAGE_MEASUREMENT_TABLE} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION national_usage_on_delete()`,
    `CREATE TRIGGER national_usage_update AFTER UPDATE ON ${USAGE_MEASUREMENT_TABLE} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION national_usage_on_update()`,
    `CREATE TRIGGER national_usage_truncate AFTER TRUNCATE ON ${USAGE_MEASUREMENT_TABLE} FOR EACH STATEMENT EXECUTE FUNCTION national_usage_on_truncate()`,
  ];
}

/** Recomputes both aggregates from the measurement rows (install, or the indicators changed). */
export function usageRebuildSql(): string[] {
  return [
    `TRUNCATE national_usage_file_month, national_usage_shared`,
    `INSERT INTO national_usage_file_month (candidature_id, month, measured, reached) ${fileMonthCounts(USAGE_MEASUREMENT_TABLE, 1)}`,
    `INSERT INTO national_usage_shared (candidature_id, finess, month, reached)
       SELECT u.candidature_id, u.finess, u.month, ${flags('u')} FROM ${USAGE_MEASUREMENT_TABLE} u
        WHERE (u.finess, u.month) IN (SELECT finess, month FROM ${USAGE_MEASUREMENT_TABLE} GROUP BY 1, 2 HAVING count(DISTINCT candidature_id) > 1)`,
  ];
}

const installed = new WeakSet<object>();
const dataSourceOf = (db: Db): object => ('connection' in db ? db.connection : db);

/**
 * Makes sure the triggers in the database are the ones of this code (the SQL text, targets included, is the
 * definition): when they differ or are missing, installs them and rebuilds the aggregates, in one transaction
 * holding writers of `usage_measurement` off. Cheap afterwards (once per process and database).
 */
export async function ensureUsageAggregates(db: Db): Promise<void> {
  const key = dataSourceOf(db);
  if (installed.has(key)) return;
  const statements = usageTriggerSql();
  const definition = statements.join(';\n');
  const current: any[] = await db.query(`SELECT definition FROM national_usage_definition WHERE id = 1`);
  if (current[0]?.definition !== definition) {
    const ds = key as DataSource;
    await ds.transaction(async (m) => {
      await m.query(`LOCK TABLE ${USAGE_MEASUREMENT_TABLE} IN SHARE ROW EXCLUSIVE MODE`);
      const again: any[] = await m.query(`SELECT definition FROM national_usage_definition WHERE id = 1 FOR UPDATE`);
      if (again[0]?.definition === definition) return;
      for (const sql of [...statements, ...usageRebuildSql()]) await m.query(sql);
      await m.query(
        `INSERT INTO national_usage_definition (id, definition) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET definition = EXCLUDED.definition, installed_at = now()`,
        [definition],
      );
    });
  }
  installed.add(key);
}
