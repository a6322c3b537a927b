import { badInput } from '@esms/server-kit';
import { GRANTED_STATES, NO_REGION } from './programme-envelope';
import type { DashboardFilesFilter, DashboardFilter } from './national-stats.types';

export const PROJECT_TYPES = ['ACQUISITION', 'UPGRADE', 'MIXED', 'EMPTY'] as const;

export interface FilesCte {
  /** `WITH f AS (…)`: one row per file in scope, with its derived facts. */
  sql: string;
  params: unknown[];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Validates the filter (BAD_USER_INPUT naming the field) and normalises empty strings to null. */
export function normaliseFilter<T extends DashboardFilter>(filter: T | null | undefined): T {
  const f = { ...(filter ?? {}) } as T & Partial<DashboardFilesFilter>;
  for (const k of ['windowCode', 'field', 'projectType', 'regionCode', 'duiSolutionId', 'submittedMonth'] as const) {
    const v = f[k];
    if (typeof v === 'string') f[k] = v.trim() === '' ? null : v.trim();
  }
  if (f.campaignYear != null && (f.campaignYear < 2000 || f.campaignYear > 2100)) {
    throw badInput('Année de campagne invalide : indiquez une année sur quatre chiffres (ex. 2024).', { field: 'campaignYear' });
  }
  if (f.projectType && !(PROJECT_TYPES as readonly string[]).includes(f.projectType)) {
    throw badInput(`Type de projet inconnu « ${f.projectType} » : choisissez ACQUISITION, UPGRADE ou MIXED.`, { field: 'projectType' });
  }
  if (f.field && !/^[A-Z_]{2,40}$/.test(f.field)) throw badInput(`Champ d'activité inconnu « ${f.field} » (ex. PA, PH_ADULTES).`, { field: 'field' });
  if (f.submittedMonth && !MONTH.test(f.submittedMonth)) throw badInput('Mois de dépôt invalide : format AAAA-MM.', { field: 'submittedMonth' });
  return f;
}

/**
 * The files behind every national figure, as SQL: scope (`scopeSql` on alias `c`, its params first), filters,
 * and per-file facts — pivot region, project type and DUI solution of the grappe (`national_file_grappe`, kept on
 * write by triggers on `grappe_member`), the domain's funding
 * total (`candidature.funding_total`, see national-facts), the payments recorded as paid, granted or not.
 * Aggregates select from `f`; nothing is hydrated.
 */
export function filesCte(scope: { sql: string; params: unknown[] }, filter: DashboardFilter & Partial<DashboardFilesFilter>): FilesCte {
  const params: unknown[] = [...scope.params];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const granted = p([...GRANTED_STATES]);
  const where: string[] = [`(${scope.sql})`];
  if (filter.campaignYear != null) where.push(`cp.year = ${p(filter.campaignYear)}`);
  if (filter.windowCode) where.push(`c.window_code = ${p(filter.windowCode)}`);
  if (filter.field) {
    where.push(`EXISTS (SELECT 1 FROM grappe_member gmf LEFT JOIN national_essms_field eff ON eff.finess = gmf.finess
      WHERE gmf.candidature_id = c.id AND coalesce(eff.field, 'INCONNU') = ${p(filter.field)})`);
  }
  if (filter.projectType) where.push(`coalesce(g.project_type, 'EMPTY') = ${p(filter.projectType)}`);
  if (filter.regionCode) where.push(`coalesce(c.pivot_region, '${NO_REGION}') = ${p(filter.regionCode)}`);
  if (filter.states?.length) where.push(`c.state = ANY(${p(filter.states)}::text[])`);
  if (filter.grantedOnly) where.push(`c.state = ANY(${granted}::text[])`);
  if (filter.duiSolutionId) {
    where.push(filter.duiSolutionId === 'none' ? `g.solution_id IS NULL` : `g.solution_id = ${p(filter.duiSolutionId)}`);
  }
  if (filter.submittedMonth) where.push(`to_char(c.submitted_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM') = ${p(filter.submittedMonth)}`);
  const sql = `WITH f AS (
      SELECT c.id, c.state, c.window_code, coalesce(c.pivot_region, '${NO_REGION}') AS region, c.submitted_at, cp.year,
        coalesce(g.project_type, 'EMPTY') AS project_type, g.solution_id, coalesce(g.essms, 0) AS essms,
        c.funding_total::bigint AS amount, coalesce(pay.paid, 0)::bigint AS paid, (c.state = ANY(${granted}::text[])) AS granted
      FROM candidature c
      JOIN campaign cp ON cp.id = c.campaign_id
      LEFT JOIN national_file_grappe g ON g.candidature_id = c.id
      LEFT JOIN (SELECT candidature_id, sum(amount) AS paid FROM payment WHERE status = 'PAID' GROUP BY 1) pay ON pay.candidature_id = c.id
      WHERE ${where.join(' AND ')}
    )`;
  return { sql, params };
}
