import { USAGE_INDICATORS } from '@esms/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { mapCandidature } from '../candidatures/candidature.repository';
import { FOLLOW_UP_STATES } from '../follow-up/follow-up.service';
import { projectTargets } from '../follow-up/targets';
import { COUNT_COLUMNS, type MeasurementRow } from '../measurements/measurement.service';
import type { UsageCounts } from '../measurements/measurement.types';
import { currentParisMonth, monthOfDate } from '../measurements/months';
import { reachedSql, USAGE_MEASUREMENT_TABLE } from './usage-aggregates';
import type { AtRiskProject } from './national-stats.types';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = DataSource | EntityManager;

/** Followed projects the national list names (the count is always complete). */
export const MAX_AT_RISK_ITEMS = 500;

/** What "at risk" means on the dashboard: the follow-up's own projection, nothing else. */
export const AT_RISK_DEFINITION =
  "Projet à risque : projet conventionné non clos dont la projection du suivi (tendance linéaire des 3 dernières mesures de chaque ESSMS, prolongée jusqu’à la fin attendue) laisse une cible d’usage sous son seuil, ou dont un ESSMS n’a transmis aucune mesure alors que la première est due. Les jalons en retard ne sont pas comptés ici (voir le suivi du dossier).";

/**
 * The projects at risk among the files in scope (`f` of `filesCte`), decided by the follow-up's `projectTargets`
 * (the instructeur portfolio's `projection.atRisk` and `reasons`), fed in one batched statement:
 * - the files followed after their convention (signed, state after the signature, not CLOSED — the follow-up
 *   raises its alert only for open projects), with their convention dates;
 * - per ESSMS of their grappe (grappe order, as `membersLoader`), its last 3 measures (unique index on the file,
 *   FINESS and month: one probe per ESSMS, no scan of the 24 months) — all the projection reads (`latest`, `slice(-3)`);
 * - an ESSMS whose latest measure reaches the five targets (the domain's comparison as SQL, `reachedSql`, the one
 *   the usage aggregates use) can give no reason, so its rows are not sent back; an ESSMS without any measure is.
 */
export async function projectsAtRisk(db: Db, cte: string, params: unknown[], currentMonth = currentParisMonth()): Promise<AtRiskProject[]> {
  const cols = Object.values(COUNT_COLUMNS);
  const allReached = reachedSql('u', (i) => `$${params.length + 2 + i}::numeric`).join(' AND ');
  const rows: any[] = await db.query(
    `${cte}, followed AS (
        SELECT f.id, f.region, to_char(cv.signed_on, 'YYYY-MM-DD') AS signed_on, to_char(cv.expected_end, 'YYYY-MM-DD') AS expected_end
          FROM f JOIN convention cv ON cv.candidature_id = f.id AND cv.signed_on IS NOT NULL
         WHERE f.state = ANY($${params.length + 1}::text[])
      )
      SELECT * FROM (
        SELECT fo.id AS file_id, fo.region, fo.signed_on, fo.expected_end, gm.finess, gm.rank, l.*,
               first_value(l.ok) OVER (PARTITION BY fo.id, gm.finess ORDER BY l.month DESC) AS latest_ok
          FROM followed fo
          JOIN grappe_member gm ON gm.candidature_id = fo.id
          LEFT JOIN LATERAL (
            SELECT u.id, u.month, ${cols.map((c) => `u.${c}`).join(', ')}, (${allReached}) AS ok FROM ${USAGE_MEASUREMENT_TABLE} u
             WHERE u.candidature_id = gm.candidature_id AND u.finess = gm.finess ORDER BY u.month DESC LIMIT 3
          ) l ON true
      ) x
      WHERE x.latest_ok IS NOT TRUE
      ORDER BY x.file_id, x.rank NULLS LAST, x.finess, x.month`,
    [...params, FOLLOW_UP_STATES.filter((s) => s !== 'CLOSED'), ...USAGE_INDICATORS.map((i) => i.target)],
  );
  const byFile = new Map<string, { region: string; signedOn: string; expectedEnd: string | null; members: string[]; measurements: MeasurementRow[] }>();
  for (const r of rows) {
    let file = byFile.get(r.file_id);
    if (!file) byFile.set(r.file_id, (file = { region: r.region, signedOn: r.signed_on, expectedEnd: r.expected_end, members: [], measurements: [] }));
    if (file.members.at(-1) !== r.finess) file.members.push(r.finess);
    if (r.id) file.measurements.push(measurementRow(r.file_id, r.finess, r));
  }
  const atRisk: { id: string; region: string; reasons: string[] }[] = [];
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
    if (targets.atRisk) atRisk.push({ id, region: file.region, reasons: targets.reasons });
  }
  if (!atRisk.length) return [];
  const files: any[] = await db.query(`SELECT * FROM candidature WHERE id = ANY($1::uuid[])`, [atRisk.map((a) => a.id)]);
  const rowOf = new Map(files.map((f) => [f.id, f]));
  return atRisk
    .map((a) => {
      const candidature = mapCandidature(rowOf.get(a.id));
      return {
        id: a.id,
        candidature,
        reference: candidature.reference,
        title: candidature.title,
        regionCode: a.region,
        regionName: a.region,
        organismes: candidature.organismes ?? [],
        reasons: a.reasons,
        reason: a.reasons.join(' '),
      } as AtRiskProject;
    })
    .sort((x, y) => x.regionCode.localeCompare(y.regionCode) || x.reference.localeCompare(y.reference));
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
