import { USAGE_INDICATORS } from '@esms/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { mapCandidature } from '../candidatures/candidature.repository';
import { FOLLOW_UP_STATES } from '../follow-up/follow-up.service';
import { projectTargets } from '../follow-up/targets';
import { COUNT_COLUMNS, type MeasurementRow } from '../measurements/measurement.service';
import type { UsageCounts } from '../measurements/measurement.types';
import { currentParisMonth, monthOfDate } from '../measurements/months';
import { NO_REGION } from './programme-envelope';
import { reachedSql, USAGE_MEASUREMENT_TABLE } from './usage-aggregates';
import type { AtRiskProject } from './national-stats.types';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = DataSource | EntityManager;

/** Followed projects the national list names (the count is always complete). */
export const MAX_AT_RISK_ITEMS = 500;

/** What "at risk" means on the dashboard: the follow-up's own projection, nothing else. */
export const AT_RISK_DEFINITION =
  "Projet à risque : projet conventionné non clos dont la projection du suivi (tendance linéaire des 3 dernières mesures de chaque ESSMS, prolongée jusqu’à la fin attendue) laisse une cible d’usage sous son seuil, ou dont un ESSMS n’a transmis aucune mesure alors que la première est due. Les jalons en retard ne sont pas comptés ici (voir le suivi du dossier).";

const CLOSED_EXCLUDED = FOLLOW_UP_STATES.filter((s) => s !== 'CLOSED');

/**
 * The files followed after their convention among the files in scope (`f` of `filesCte`): signed convention,
 * state after the signature, not CLOSED (the follow-up raises its alert only for open projects). `stamp` changes
 * whenever an input of the projection may have changed: the row versions (`xmin`) of the file, its convention,
 * its grappe facts (rewritten by the triggers on `grappe_member`) and its per-month usage aggregates (rewritten by
 * the triggers on every insert, correction or removal of a measure: their count and the sum of their versions move).
 */
function followedSql(cte: string, statesParam: string): string {
  return `${cte}, followed AS (
      SELECT f.id, f.region, to_char(cv.signed_on, 'YYYY-MM-DD') AS signed_on, to_char(cv.expected_end, 'YYYY-MM-DD') AS expected_end,
             concat_ws(':', c.xmin::text, cv.xmin::text, g.xmin::text, u.months, u.versions) AS stamp
        FROM f JOIN candidature c ON c.id = f.id
        JOIN convention cv ON cv.candidature_id = f.id AND cv.signed_on IS NOT NULL
        LEFT JOIN national_file_grappe g ON g.candidature_id = f.id
        LEFT JOIN (SELECT candidature_id, count(*) AS months, sum(xmin::text::bigint) AS versions FROM national_usage_file_month GROUP BY 1) u
          ON u.candidature_id = f.id
       WHERE f.state = ANY(${statesParam}::text[])
    )`;
}

interface Verdict {
  stamp: string;
  reasons: string[] | null;
}
/** Verdicts per database and month (the month decides when the first measure is due): recomputed per file when its stamp moves. */
const verdicts = new WeakMap<object, { month: string; files: Map<string, Verdict> }>();
const dataSourceOf = (db: Db): object => ('connection' in db ? db.connection : db);

/**
 * The projects at risk among the files in scope, decided by the follow-up's `projectTargets` (the instructeur
 * portfolio's `projection.atRisk` and `reasons`). A first statement lists the followed files in scope with their
 * stamp; the projection is recomputed only for the files whose stamp moved since the last request (all of them the
 * first time), in one batched statement:
 * - per ESSMS of their grappe (grappe order, as `membersLoader`), its last 3 measures (unique index on the file,
 *   FINESS and month: one probe per ESSMS, no scan of the 24 months) — all the projection reads (`latest`, `slice(-3)`);
 * - an ESSMS whose latest measure reaches the five targets (the domain's comparison as SQL, `reachedSql`, the one
 *   the usage aggregates use) can give no reason, so its rows are not sent back; an ESSMS without any measure is.
 */
export interface AtRiskFile {
  id: string;
  regionCode: string;
  reasons: string[];
}

/** Every file at risk (to count), and the first `MAX_AT_RISK_ITEMS` of them hydrated for the list. */
export async function projectsAtRisk(db: Db, cte: string, params: unknown[], currentMonth = currentParisMonth()): Promise<{ files: AtRiskFile[]; items: AtRiskProject[] }> {
  const key = dataSourceOf(db);
  const previous = verdicts.get(key);
  const cache = previous && previous.month === currentMonth ? previous : { month: currentMonth, files: new Map<string, Verdict>() };
  verdicts.set(key, cache);
  const followed: any[] = await db.query(`${followedSql(cte, `$${params.length + 1}`)} SELECT id, region, stamp FROM followed`, [...params, CLOSED_EXCLUDED]);
  const changed = followed.filter((r) => cache.files.get(r.id)?.stamp !== r.stamp).map((r) => r.id as string);
  if (changed.length) for (const [id, verdict] of await project(db, changed, currentMonth)) cache.files.set(id, verdict);

  const atRisk = followed
    .map((r) => ({ id: r.id as string, regionCode: r.region as string, reasons: cache.files.get(r.id)?.reasons ?? null }))
    .filter((a): a is AtRiskFile => a.reasons !== null);
  if (!atRisk.length) return { files: [], items: [] };
  // Hydrate only the files listed: the first ones by pivot region then reference.
  const rows: any[] = await db.query(
    `SELECT * FROM candidature WHERE id = ANY($1::uuid[]) ORDER BY coalesce(pivot_region, $2), reference LIMIT $3`,
    [atRisk.map((a) => a.id), NO_REGION, MAX_AT_RISK_ITEMS],
  );
  const byId = new Map(atRisk.map((a) => [a.id, a]));
  const items = rows.map((r) => {
    const a = byId.get(r.id) as AtRiskFile;
    const candidature = mapCandidature(r);
    return {
      id: a.id,
      candidature,
      reference: candidature.reference,
      title: candidature.title,
      regionCode: a.regionCode,
      regionName: a.regionCode,
      organismes: candidature.organismes ?? [],
      reasons: a.reasons,
      reason: a.reasons.join(' '),
    } as AtRiskProject;
  });
  return { files: atRisk, items };
}

/** The follow-up's projection for these files (one statement for all of them), with the stamp it was computed on. */
async function project(db: Db, ids: string[], currentMonth: string): Promise<Map<string, Verdict>> {
  const cols = Object.values(COUNT_COLUMNS);
  const allReached = reachedSql('u', (i) => `$${4 + i}::numeric`).join(' AND ');
  const rows: any[] = await db.query(
    `${followedSql('WITH f AS (SELECT c.id, c.state, coalesce(c.pivot_region, $3) AS region FROM candidature c WHERE c.id = ANY($1::uuid[]))', '$2')}
      SELECT fo.id AS file_id, fo.stamp, fo.signed_on, fo.expected_end, x.* FROM followed fo
      LEFT JOIN (
        SELECT gm.candidature_id, gm.finess, gm.rank, l.*,
               first_value(l.ok) OVER (PARTITION BY gm.candidature_id, gm.finess ORDER BY l.month DESC) AS latest_ok
          FROM grappe_member gm
          LEFT JOIN LATERAL (
            SELECT u.id, u.month, ${cols.map((c) => `u.${c}`).join(', ')}, (${allReached}) AS ok FROM ${USAGE_MEASUREMENT_TABLE} u
             WHERE u.candidature_id = gm.candidature_id AND u.finess = gm.finess ORDER BY u.month DESC LIMIT 3
          ) l ON true
         WHERE gm.candidature_id = ANY($1::uuid[])
      ) x ON x.candidature_id = fo.id AND x.latest_ok IS NOT TRUE
      ORDER BY fo.id, x.rank NULLS LAST, x.finess, x.month`,
    [ids, CLOSED_EXCLUDED, NO_REGION, ...USAGE_INDICATORS.map((i) => i.target)],
  );
  const byFile = new Map<string, { stamp: string; signedOn: string; expectedEnd: string | null; members: string[]; measurements: MeasurementRow[] }>();
  for (const r of rows) {
    let file = byFile.get(r.file_id);
    if (!file) byFile.set(r.file_id, (file = { stamp: r.stamp, signedOn: r.signed_on, expectedEnd: r.expected_end, members: [], measurements: [] }));
    if (!r.finess) continue; // every ESSMS reaches the five targets at its latest measure
    if (file.members.at(-1) !== r.finess) file.members.push(r.finess);
    if (r.id) file.measurements.push(measurementRow(r.file_id, r.finess, r));
  }
  const out = new Map<string, Verdict>();
  for (const [id, file] of byFile) {
    // The follow-up's function, with the inputs `targetsOf` gives it (history only annotates the views).
    const targets = projectTargets({
      members: file.members,
      measurements: file.measurements,
      history: [],
      firstMonth: monthOfDate(file.signedOn),
      expectedEnd: file.expectedEnd,
      currentMonth,
    });
    out.set(id, { stamp: file.stamp, reasons: targets.atRisk ? targets.reasons : null });
  }
  return out;
}

function measurementRow(candidatureId: string, finess: string, m: any): MeasurementRow {
  const counts: any = {};
  for (const [field, column] of Object.entries(COUNT_COLUMNS)) counts[field] = m[column] === null || m[column] === undefined ? null : Number(m[column]);
  return {
    id: m.id,
    candidatureId,
    finess,
    month: m.month,
    periodFrom: '',
    periodTo: '',
    counts: counts as UsageCounts,
    version: 1,
    source: '',
    recordedBy: '',
    recordedByRole: '',
    recordedAt: new Date(0),
  };
}
