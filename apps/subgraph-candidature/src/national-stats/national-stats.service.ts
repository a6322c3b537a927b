import { REGIONS, STATE_LABELS, USAGE_INDICATORS, type CandidatureState } from '@esms/domain';
import type { Logger } from '@esms/server-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { mapCandidature } from '../candidatures/candidature.repository';
import type { CandidatureStateEnum } from '../shared/enums';
import { filesCte } from './dashboard-sql';
import { annuaireTotals, refreshNationalFacts, type AnnuaireTotals } from './national-facts';
import { ensureUsageAggregates, USAGE_MEASUREMENT_TABLE } from './usage-aggregates';
import { AT_RISK_DEFINITION, MAX_AT_RISK_ITEMS, projectsAtRisk } from './projects-at-risk';
import type {
  DashboardArea,
  DashboardFile,
  DashboardFilesFilter,
  DashboardFilesPage,
  DashboardFilter,
  FieldBreakdown,
  NationalDashboard,
  UsageTargetsPanel,
} from './national-stats.types';
import { FIELD_LABELS, GRANTED_STATES, NO_REGION, PROGRAMME_ENVELOPE, PROJECT_TYPE_LABELS } from './programme-envelope';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = DataSource | EntityManager;
type Scope = { sql: string; params: unknown[] };

const n = (v: unknown) => Number(v ?? 0);
const regionName = (code: string) => (code === 'FR' ? 'France entière' : code === NO_REGION ? 'Sans région pivot' : (REGIONS.find((r) => r.code === code)?.name ?? `Région ${code}`));
const stateLabel = (s: string) => STATE_LABELS[s as CandidatureState] ?? s;

export const PAYMENTS_NOTE =
  "Montants versés : somme des versements enregistrés comme payés (avance à la signature de la convention, solde), par région pivot du dossier.";
export const NO_MEASURE_MESSAGE = "Aucune mesure : aucune mesure mensuelle des cibles d'usage n'a encore été reçue.";

function emptyArea(code: string): DashboardArea {
  const region = REGIONS.find((r) => r.code === code);
  return {
    code,
    name: regionName(code),
    isOverseas: region?.isOverseas ?? false,
    region: region ? { code } : null,
    files: 0,
    byState: [],
    byWindow: [],
    amountRequested: 0,
    amountGranted: 0,
    amountPaid: 0,
    filesGranted: 0,
    essmsCovered: 0,
    essmsInFiles: 0,
    essmsOpen: null,
    essmsNotCovered: null,
    coverageRate: null,
    projectsAtRisk: 0,
  };
}

function openCount(totals: AnnuaireTotals | null, code: string | null, field: string | null | undefined): number | null {
  if (!totals) return null;
  const entries = code === null ? Object.values(totals) : totals[code] ? [totals[code]] : [];
  return entries.reduce((sum, t) => sum + (field ? (t.byField[field] ?? 0) : t.open), 0);
}

function withCoverage(area: DashboardArea, open: number | null): DashboardArea {
  area.essmsOpen = open;
  area.essmsNotCovered = open === null ? null : Math.max(0, open - area.essmsCovered);
  area.coverageRate = open ? Math.min(1, area.essmsCovered / open) : null;
  return area;
}

/**
 * The national dashboard: every figure is one SQL aggregate over `filesCte` (no rows hydrated). Regions are the
 * pivot region of the file for counts and amounts, and the ESSMS's own region for coverage. France = the sum of
 * the regions (distinct ESSMS for coverage).
 */
export async function nationalDashboard(db: Db, scope: Scope, filter: DashboardFilter, logger?: Logger): Promise<NationalDashboard> {
  const notes = await refreshNationalFacts(db, logger);
  const totals = await annuaireTotals(logger);
  if (!totals) notes.push("ESSMS ouverts non disponibles : l'annuaire n'a pas répondu ; la part d'ESSMS couverts n'est pas calculée.");
  notes.push(PAYMENTS_NOTE);
  const { sql: cte, params } = filesCte(scope, filter);
  const fieldParam = `$${params.length + 1}`;
  const list = (select: string, order: string) => `(SELECT coalesce(json_agg(x ORDER BY ${order}), '[]'::json) FROM (${select}) x)`;

  // One statement for every figure over the files: `f` (and the ESSMS of their grappes, `e`) computed once.
  // `er`: one row per ESSMS and region of the ESSMS, `ef`: one per ESSMS (its field is one per FINESS), so that
  // "distinct ESSMS" counts are plain counts. Usage targets (aggregates kept on write) in a second statement, in
  // parallel (`f` is cheap: the grappe facts are kept on write too).
  await ensureUsageAggregates(db);
  const usage = usageTargetsSql();
  const [[facts], [usageRows], years, windows, atRisk] = await Promise.all([
    db.query(
      `${cte}, e AS (
          SELECT gm.finess, gm.region_code AS region, coalesce(ef.field, 'INCONNU') AS field, f.id, f.granted
            FROM f JOIN grappe_member gm ON gm.candidature_id = f.id LEFT JOIN national_essms_field ef ON ef.finess = gm.finess
        ), er AS (
          SELECT finess, region, field, bool_or(granted) AS covered FROM e GROUP BY 1, 2, 3
        ), ef AS (
          SELECT finess, field, bool_or(covered) AS covered FROM er GROUP BY 1, 2
        )
        SELECT
          ${list(`SELECT region, state, count(*)::int AS files, coalesce(sum(amount), 0)::bigint AS amount, coalesce(sum(paid), 0)::bigint AS paid FROM f GROUP BY 1, 2`, 'region, state')} AS by_region_state,
          ${list(`SELECT region, coalesce(window_code, '—') AS w, count(*)::int AS files, coalesce(sum(amount), 0)::bigint AS amount FROM f GROUP BY 1, 2`, 'region, w')} AS by_region_window,
          ${list(`SELECT region, count(*) FILTER (WHERE covered AND (${fieldParam}::text IS NULL OR field = ${fieldParam}))::int AS covered, count(*)::int AS in_files FROM er GROUP BY 1`, 'region')} AS essms_by_region,
          (SELECT count(*) FILTER (WHERE covered AND (${fieldParam}::text IS NULL OR field = ${fieldParam}))::int FROM ef) AS covered_fr,
          (SELECT count(*)::int FROM ef) AS in_files_fr,
          ${list(
            `SELECT x.field, y.files, x.essms, x.covered FROM (SELECT field, count(*)::int AS essms, count(*) FILTER (WHERE covered)::int AS covered FROM ef GROUP BY 1) x
               JOIN (SELECT field, count(*)::int AS files FROM (SELECT DISTINCT field, id FROM e) d GROUP BY 1) y ON y.field = x.field`,
            'field',
          )} AS by_field,
          ${list(
            `SELECT project_type, count(*)::int AS files, count(*) FILTER (WHERE granted)::int AS granted_files,
               coalesce(sum(amount), 0)::bigint AS requested, coalesce(sum(amount) FILTER (WHERE granted), 0)::bigint AS granted FROM f GROUP BY 1`,
            'project_type',
          )} AS by_type,
          ${list(
            `SELECT coalesce(solution_id, 'none') AS solution, count(*)::int AS files, count(*) FILTER (WHERE granted)::int AS granted_files,
               coalesce(sum(essms), 0)::int AS essms, coalesce(sum(amount) FILTER (WHERE granted), 0)::bigint AS granted FROM f GROUP BY 1`,
            'files DESC, solution',
          )} AS by_solution,
          ${list(
            `SELECT to_char(submitted_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM') AS month, count(*)::int AS files,
               coalesce(sum(amount), 0)::bigint AS requested, coalesce(sum(amount) FILTER (WHERE granted), 0)::bigint AS granted
               FROM f WHERE submitted_at IS NOT NULL GROUP BY 1`,
            'month',
          )} AS monthly`,
      [...params, filter.field ?? null],
    ) as Promise<any[]>,
    db.query(`${cte}, ${usage.ctes} SELECT ${list(usage.select, 'month')} AS usage`, params) as Promise<any[]>,
    db.query(`SELECT DISTINCT year FROM campaign ORDER BY year`) as Promise<any[]>,
    db.query(`SELECT DISTINCT window_code FROM candidature WHERE window_code IS NOT NULL ORDER BY 1`) as Promise<any[]>,
    projectsAtRisk(db, cte, params),
  ]);
  const json = (v: unknown): any[] => (typeof v === 'string' ? JSON.parse(v) : (v as any[]));
  const byRegionState = json(facts.by_region_state);
  const byRegionWindow = json(facts.by_region_window);
  const byField = json(facts.by_field);
  const byType = json(facts.by_type);
  const bySolution = json(facts.by_solution);
  const monthly = json(facts.monthly);

  const areas = new Map<string, DashboardArea>(REGIONS.map((r) => [r.code, emptyArea(r.code)]));
  const area = (code: string) => areas.get(code) ?? areas.set(code, emptyArea(code)).get(code)!;
  const france = emptyArea('FR');
  for (const r of byRegionState) {
    const a = area(r.region);
    const granted = (GRANTED_STATES as readonly string[]).includes(r.state);
    for (const target of [a, france]) {
      target.files += n(r.files);
      target.amountRequested += n(r.amount);
      target.amountPaid += n(r.paid);
      if (granted) {
        target.amountGranted += n(r.amount);
        target.filesGranted += n(r.files);
      }
      const s = target.byState.find((x) => x.key === r.state);
      if (s) {
        s.files += n(r.files);
        s.amount += n(r.amount);
      } else target.byState.push({ key: r.state, label: stateLabel(r.state), files: n(r.files), amount: n(r.amount) });
    }
  }
  for (const r of byRegionWindow) {
    for (const target of [area(r.region), france]) {
      const w = target.byWindow.find((x) => x.key === r.w);
      if (w) {
        w.files += n(r.files);
        w.amount += n(r.amount);
      } else target.byWindow.push({ key: r.w, label: r.w === '—' ? 'Sans fenêtre' : `Fenêtre ${r.w}`, files: n(r.files), amount: n(r.amount) });
    }
  }
  for (const r of json(facts.essms_by_region)) {
    area(r.region).essmsCovered = n(r.covered);
    area(r.region).essmsInFiles = n(r.in_files);
  }
  for (const p of atRisk.files) {
    area(p.regionCode).projectsAtRisk += 1;
    france.projectsAtRisk += 1;
  }
  for (const p of atRisk.items) p.regionName = regionName(p.regionCode);
  france.essmsCovered = n(facts.covered_fr);
  france.essmsInFiles = n(facts.in_files_fr);
  const order = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
  const stateOrder = (a: { key: string }, b: { key: string }) => Object.keys(STATE_LABELS).indexOf(a.key) - Object.keys(STATE_LABELS).indexOf(b.key);
  const regions = [...areas.values()].map((a) => {
    a.byState.sort(stateOrder);
    a.byWindow.sort(order);
    return withCoverage(a, a.code === NO_REGION ? null : openCount(totals, a.code, filter.field));
  });
  france.byState.sort(stateOrder);
  france.byWindow.sort(order);
  withCoverage(france, openCount(totals, null, filter.field));

  const openByField = new Map<string, number>();
  if (totals) for (const t of Object.values(totals)) for (const [field, count] of Object.entries(t.byField)) openByField.set(field, (openByField.get(field) ?? 0) + count);
  const fields: FieldBreakdown[] = byField.map((r) => {
    const open = totals ? (openByField.get(r.field) ?? 0) : null;
    return {
      field: r.field,
      label: FIELD_LABELS[r.field] ?? r.field,
      files: n(r.files),
      essmsInFiles: n(r.essms),
      essmsCovered: n(r.covered),
      essmsOpen: open,
      essmsNotCovered: open === null ? null : Math.max(0, open - n(r.covered)),
    };
  });
  if (fields.some((f) => f.field === 'INCONNU')) notes.push("Certains ESSMS n'ont pas de champ d'activité connu (annuaire indisponible ou FINESS inconnu) : ils sont comptés « non renseigné ».");

  return {
    generatedAt: new Date(),
    envelope: { ...PROGRAMME_ENVELOPE },
    france,
    regions,
    byField: fields,
    byProjectType: byType.map((r) => ({
      projectType: r.project_type,
      label: PROJECT_TYPE_LABELS[r.project_type] ?? r.project_type,
      files: n(r.files),
      filesGranted: n(r.granted_files),
      amountRequested: n(r.requested),
      amountGranted: n(r.granted),
    })),
    byDuiSolution: bySolution.map((r) => ({
      solutionId: r.solution,
      solution: r.solution === 'none' ? null : { id: r.solution },
      files: n(r.files),
      filesGranted: n(r.granted_files),
      essms: n(r.essms),
      amountGranted: n(r.granted),
    })),
    monthly: monthly.map((r) => ({ month: r.month, submissions: n(r.files), amountRequested: n(r.requested), amountGranted: n(r.granted) })),
    usageTargets: usagePanel(json(usageRows.usage)),
    projectsAtRisk: {
      available: true,
      message:
        atRisk.files.length > MAX_AT_RISK_ITEMS
          ? `${atRisk.files.length} projets à risque ; les ${MAX_AT_RISK_ITEMS} premiers sont listés (par région puis référence).`
          : `${atRisk.files.length} projet${atRisk.files.length > 1 ? 's' : ''} à risque.`,
      count: atRisk.files.length,
      definition: AT_RISK_DEFINITION,
      items: atRisk.items,
    },
    campaignYears: years.map((r) => n(r.year)),
    windowCodes: windows.map((r) => String(r.window_code)),
    notes,
  };
}

export { USAGE_MEASUREMENT_TABLE };

/**
 * Share of measured ESSMS reaching each of the five targets (domain `USAGE_INDICATORS`: formula and target), by
 * month, for the files in scope (`f`) — the same comparison as the domain's `usageRates` (exact ratio ≥ target, no
 * rate when the denominator is 0), applied on write (usage-aggregates.ts): per file and month, the ESSMS measured
 * and those reaching each target, summed over the files in scope; an ESSMS measured the same month in several files
 * of the scope (`national_usage_shared`, the rows of such pairs with their flags) is counted once by a correction.
 * SQL to append to the files CTE: `ctes` (after a comma) and the `select` of one row per month.
 */
export function usageTargetsSql(): { ctes: string; select: string } {
  const k = USAGE_INDICATORS.map((_, i) => i);
  return {
    ctes: `per_file AS (
        SELECT a.month, sum(a.measured)::int AS measured, ${k.map((i) => `sum(a.reached[${i + 1}])::int AS r${i}`).join(', ')}
          FROM national_usage_file_month a JOIN f ON f.id = a.candidature_id GROUP BY a.month
      ), shared AS (
        SELECT s.month, s.finess, count(*)::int AS files, ${k.map((i) => `count(*) FILTER (WHERE s.reached[${i + 1}])::int AS k${i}`).join(', ')}
          FROM national_usage_shared s JOIN f ON f.id = s.candidature_id GROUP BY s.month, s.finess
      ), correction AS (
        SELECT month, sum(files - 1)::int AS measured, ${k.map((i) => `sum(greatest(k${i} - 1, 0))::int AS r${i}`).join(', ')} FROM shared GROUP BY month
      )`,
    select: `SELECT p.month, p.measured - coalesce(c.measured, 0) AS measured, ${k.map((i) => `p.r${i} - coalesce(c.r${i}, 0) AS r${i}`).join(', ')}
        FROM per_file p LEFT JOIN correction c ON c.month = p.month WHERE p.measured - coalesce(c.measured, 0) > 0`,
  };
}

/** The panel from the monthly rows of `usageTargetsSql` ("Aucune mesure" and no number while there is none). */
export function usagePanel(rows: any[]): UsageTargetsPanel {
  if (!rows.length) return { available: false, message: NO_MEASURE_MESSAGE, months: [] };
  return {
    available: true,
    message: `${rows.length} mois de mesures`,
    months: rows.map((r) => ({
      month: r.month,
      essmsMeasured: n(r.measured),
      indicators: USAGE_INDICATORS.map((ind, i) => ({
        indicator: ind.id,
        label: ind.label,
        target: ind.target,
        essmsReaching: n(r[`r${i}`]),
        share: n(r.measured) ? n(r[`r${i}`]) / n(r.measured) : 0,
      })),
    })),
  };
}

const MAX_FILES_PAGE = 500;

/** The files behind a figure (same scope and filters as the aggregate), with their facts; paged. */
export async function dashboardFiles(db: Db, scope: Scope, filter: DashboardFilesFilter, limit: number, offset: number): Promise<DashboardFilesPage> {
  await refreshNationalFacts(db);
  const { sql: cte, params } = filesCte(scope, filter);
  const size = Math.min(Math.max(limit, 0), MAX_FILES_PAGE);
  const [count, rows] = await Promise.all([
    db.query(`${cte} SELECT count(*)::int AS n FROM f`, params) as Promise<any[]>,
    db.query(
      `${cte} SELECT c.*, f.region, f.year, f.project_type, f.solution_id, f.essms, f.amount, f.granted
         FROM f JOIN candidature c ON c.id = f.id
        ORDER BY f.region, c.reference LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, size, Math.max(offset, 0)],
    ) as Promise<any[]>,
  ]);
  return {
    total: n(count[0]?.n),
    items: rows.map(
      (r): DashboardFile => ({
        id: r.id,
        candidature: mapCandidature(r),
        reference: r.reference,
        title: r.title,
        state: r.state as CandidatureStateEnum,
        stateLabel: stateLabel(r.state),
        regionCode: r.region,
        regionName: regionName(r.region),
        windowCode: r.window_code,
        campaignYear: n(r.year),
        submittedAt: r.submitted_at,
        projectType: r.project_type,
        duiSolutionId: r.solution_id,
        duiSolution: r.solution_id ? { id: r.solution_id } : null,
        essmsCount: n(r.essms),
        amountRequested: n(r.amount),
        granted: !!r.granted,
      }),
    ),
  };
}
