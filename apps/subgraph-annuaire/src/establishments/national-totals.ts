import { checkFiness } from '@esms/domain';
import type { InternalRoute } from '@esms/server-kit';
import { getEssmsCategory } from '../finess/essms-categories';
import { readKeyList } from './internal-routes';

/** Field of an ESSMS category (PA, PH_ENFANTS…); 'AUTRE' for a category not in the ESSMS list. */
export const fieldOfCategory = (category: string): string => getEssmsCategory(category)?.field ?? 'AUTRE';

export interface RegionEssmsTotals {
  open: number;
  byField: Record<string, number>;
}

/**
 * POST /internal/establishments/totals {} → { [regionCode]: { open, byField: { PA: n, … } } }: open ESSMS of
 * the annuaire per region and field, for the national dashboard (ESSMS not yet covered). One aggregate query;
 * ESSMS without a region are counted under "?".
 */
export const establishmentsTotals: InternalRoute = async (_body, ctx) => {
  const rows: { region: string | null; category: string; n: string | number }[] = await ctx.db.query(
    `SELECT region_code AS region, category, count(*) AS n FROM establishment WHERE NOT closed GROUP BY region_code, category`,
  );
  const totals: Record<string, RegionEssmsTotals> = {};
  for (const r of rows) {
    const region = r.region ?? '?';
    const n = Number(r.n);
    const t = (totals[region] ??= { open: 0, byField: {} });
    t.open += n;
    const field = fieldOfCategory(r.category);
    t.byField[field] = (t.byField[field] ?? 0) + n;
  }
  return totals;
};

/**
 * POST /internal/establishments/fields { finess: string[] } → { [finess]: { field, category, closed } } for the
 * known ESSMS (breakdowns of the national dashboard by field). One query per call (at most 500 numbers).
 */
export const establishmentsFields: InternalRoute = async (body, ctx) => {
  const keys = readKeyList(body, 'finess').filter((f) => checkFiness(f).ok);
  if (keys.length === 0) return {};
  const rows: { finess: string; category: string; closed: boolean }[] = await ctx.db.query(
    `SELECT finess, category, closed FROM establishment WHERE finess = ANY($1::text[])`,
    [keys],
  );
  return Object.fromEntries(rows.map((r) => [r.finess, { field: fieldOfCategory(r.category), category: r.category, closed: r.closed }]));
};
