import { randomUUID } from 'node:crypto';
import { usageRates, validateMeasurement, type UsageMeasurement } from '@esms/domain';
import { badInput, conflict, loaderFor, type SubgraphContext } from '@esms/server-kit';
import type { EntityManager } from 'typeorm';
import { insertEvent, loadMembers } from '../candidatures/candidature.repository';
import { conventionOf } from '../convention/convention.service';
import { measurementWriter } from '../follow-up/access';
import { monthLabel, monthOfDate, monthRefusal, periodOfMonth } from './months';
import { recordUsageTargetMisses } from './usage-target-misses';
import type { EssmsUsageCountsInput, RecordMeasurementsResult, UsageCorrection, UsageCounts, UsageMeasurementView, UsageRateView } from './measurement.types';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Count fields, in the domain's names (`UsageMeasurement`) → columns. */
export const COUNT_COLUMNS: Record<keyof UsageMeasurement, string> = {
  personsAccompanied: 'persons_accompanied',
  activeDossiers: 'active_dossiers',
  activeDossiersWithProjetPersonnalise: 'active_dossiers_with_pp',
  activeDossiersWithAgendaEvent: 'active_dossiers_with_agenda',
  mssanteMessagesSent: 'mssante_messages_sent',
  dmpFed: 'dmp_fed',
  ePrescriptionsImported: 'e_prescriptions_imported',
  eParcoursExchanges: 'e_parcours_exchanges',
};
const FIELDS = Object.keys(COUNT_COLUMNS) as (keyof UsageMeasurement)[];

export interface MeasurementRow {
  id: string;
  candidatureId: string;
  finess: string;
  month: string;
  periodFrom: string;
  periodTo: string;
  counts: UsageCounts;
  version: number;
  source: string;
  recordedBy: string;
  recordedByRole: string;
  recordedAt: Date;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function countsOf(r: any): UsageCounts {
  const c: any = {};
  for (const f of FIELDS) c[f] = num(r[COUNT_COLUMNS[f]]);
  return c as UsageCounts;
}

const mapRow = (r: any): MeasurementRow => ({
  id: r.id,
  candidatureId: r.candidature_id,
  finess: r.finess,
  month: r.month,
  periodFrom: r.period_from_s,
  periodTo: r.period_to_s,
  counts: countsOf(r),
  version: Number(r.version),
  source: r.source,
  recordedBy: r.recorded_by,
  recordedByRole: r.recorded_by_role,
  recordedAt: new Date(r.recorded_at),
});

const SELECT = `SELECT *, to_char(period_from, 'YYYY-MM-DD') AS period_from_s, to_char(period_to, 'YYYY-MM-DD') AS period_to_s FROM usage_measurement`;

/** Measurements of these files (one query per batch), by FINESS then month. */
export const measurementsLoader = (ctx: SubgraphContext) =>
  loaderFor<string, MeasurementRow[]>(ctx, 'usage:measurements', async (ids) => {
    const rows: any[] = await ctx.db.query(`${SELECT} WHERE candidature_id = ANY($1::uuid[]) ORDER BY finess, month`, [[...ids]]);
    const by = new Map<string, MeasurementRow[]>();
    for (const r of rows.map(mapRow)) by.set(r.candidatureId, [...(by.get(r.candidatureId) ?? []), r]);
    return ids.map((id) => by.get(id) ?? []);
  });

export const measurementHistoryLoader = (ctx: SubgraphContext) =>
  loaderFor<string, (UsageCorrection & { measurementId: string })[]>(ctx, 'usage:history', async (ids) => {
    const rows: any[] = await ctx.db.query(
      `SELECT * FROM usage_measurement_history WHERE candidature_id = ANY($1::uuid[]) ORDER BY changed_at, id`,
      [[...ids]],
    );
    return ids.map((id) =>
      rows
        .filter((r) => r.candidature_id === id)
        .map((r) => ({
          measurementId: r.measurement_id,
          changedAt: new Date(r.changed_at),
          changedBy: r.changed_by,
          changedByRole: r.changed_by_role,
          source: r.source,
          before: r.before ?? null,
          after: r.after,
        })),
    );
  });

/** The domain's counts (optional indicators left out when absent). */
export function domainCounts(c: UsageCounts | EssmsUsageCountsInput): UsageMeasurement {
  const out: UsageMeasurement = {
    personsAccompanied: c.personsAccompanied,
    activeDossiers: c.activeDossiers,
    activeDossiersWithProjetPersonnalise: c.activeDossiersWithProjetPersonnalise,
    activeDossiersWithAgendaEvent: c.activeDossiersWithAgendaEvent,
    mssanteMessagesSent: c.mssanteMessagesSent,
    dmpFed: c.dmpFed,
  };
  if (c.ePrescriptionsImported != null) out.ePrescriptionsImported = c.ePrescriptionsImported;
  if (c.eParcoursExchanges != null) out.eParcoursExchanges = c.eParcoursExchanges;
  return out;
}

/** Rates of one measurement (domain `usageRates` only), with the trend against the previous measurement's rates. */
export function ratesWithTrend(current: UsageCounts, previous: UsageCounts | null): { rates: UsageRateView[]; allReached: boolean } {
  const now = usageRates(domainCounts(current));
  const before = previous ? usageRates(domainCounts(previous)) : null;
  return {
    allReached: now.allReached,
    rates: now.indicators.map((i) => {
      const prev = before?.indicators.find((p) => p.id === i.id)?.rate ?? null;
      const trend = prev === null || i.rate === null ? null : i.rate > prev ? 'UP' : i.rate < prev ? 'DOWN' : 'STABLE';
      return { indicator: i.id, label: i.label, rate: i.rate, target: i.target, reached: i.reached, trend };
    }),
  };
}

/** Measurement views of one ESSMS (ordered by month), rates and history attached. */
export function measurementViews(rows: MeasurementRow[], history: (UsageCorrection & { measurementId: string })[], firstMonth: string | null): UsageMeasurementView[] {
  return rows.map((r, i) => {
    const { rates, allReached } = ratesWithTrend(r.counts, i > 0 ? rows[i - 1].counts : null);
    const period = firstMonth ? periodOfMonth(firstMonth, r.month) : null;
    return {
      id: r.id,
      finess: r.finess,
      month: r.month,
      monthLabel: monthLabel(r.month),
      periodFrom: r.periodFrom,
      periodTo: r.periodTo,
      periodMonths: period?.months ?? 1,
      counts: r.counts,
      rates,
      allReached,
      version: r.version,
      source: r.source,
      recordedAt: r.recordedAt,
      recordedBy: r.recordedBy,
      history: history.filter((h) => h.measurementId === r.id),
    };
  });
}

export interface MeasurementProblem {
  finess: string | null;
  field: string;
  message: string;
}

/** The project's first month (month of the convention's signature), or CONFLICT when the convention is not signed. */
export async function firstMonthOf(ctx: SubgraphContext, candidatureId: string): Promise<string> {
  const convention = await conventionOf(ctx, candidatureId);
  if (!convention?.signedOn) throw conflict("La convention n'est pas encore signée : les mesures d'usage commencent à sa signature.");
  return monthOfDate(convention.signedOn);
}

/**
 * Records one month's counts for several ESSMS of the grappe (porteur form or import, or a DUI editor's token).
 * Everything is checked first (month, FINESS of the grappe, domain `validateMeasurement`); any refusal stores
 * nothing and says why. A correction keeps the previous values in `usage_measurement_history`.
 */
export async function recordMeasurements(
  ctx: SubgraphContext,
  candidatureId: string,
  month: string,
  items: EssmsUsageCountsInput[],
  options: { source?: 'FORM' | 'IMPORT' } = {},
): Promise<RecordMeasurementsResult> {
  const { row, source: writerSource } = await measurementWriter(ctx, candidatureId);
  const source = writerSource === 'API' ? 'API' : (options.source ?? 'FORM');
  const firstMonth = await firstMonthOf(ctx, row.id);
  const expectedEnd = (await conventionOf(ctx, row.id))?.expectedEnd ?? null;
  const refusal = monthRefusal(String(month ?? ''), firstMonth);
  if (refusal) throw badInput(refusal, { field: 'month', problems: [{ finess: null, field: 'month', message: refusal }] });
  const period = periodOfMonth(firstMonth, month)!;

  const problems: MeasurementProblem[] = [];
  if (!items?.length) problems.push({ finess: null, field: 'items', message: 'Envoyez au moins la mesure d’un ESSMS.' });
  const members = new Set((await loadMembers(ctx.db, row.id)).map((m) => m.finess));
  const seen = new Set<string>();
  for (const item of items ?? []) {
    const finess = String(item.finess ?? '').trim().toUpperCase();
    if (!members.has(finess)) {
      problems.push({ finess, field: 'finess', message: `L'ESSMS ${finess || '(FINESS vide)'} ne fait pas partie de la grappe de ce projet.` });
      continue;
    }
    if (seen.has(finess)) {
      problems.push({ finess, field: 'finess', message: `L'ESSMS ${finess} figure deux fois dans l'envoi : une seule mesure par ESSMS et par mois.` });
      continue;
    }
    seen.add(finess);
    for (const e of validateMeasurement(domainCounts(item))) problems.push({ finess, field: e.field, message: `ESSMS ${finess} : ${e.message}` });
  }
  if (problems.length) {
    throw badInput(
      problems.length === 1 ? `Mesure refusée, rien n'a été enregistré. ${problems[0].message}` : `${problems.length} erreurs, rien n'a été enregistré. ${problems[0].message}`,
      { problems },
    );
  }

  const actor = ctx.claims.sub ?? 'inconnu';
  const actorRole = ctx.claims.role === 'API_CLIENT' ? 'API_CLIENT' : 'PORTEUR';
  const result: RecordMeasurementsResult = { month, periodFrom: period.from, periodTo: period.to, periodMonths: period.months, created: 0, corrected: 0, unchanged: 0 };
  await ctx.db.transaction(async (m: EntityManager) => {
    const finessList: string[] = [];
    const written: { finess: string; counts: UsageMeasurement }[] = [];
    for (const item of items) {
      const finess = item.finess.trim().toUpperCase();
      const after = countsOf(Object.fromEntries(FIELDS.map((f) => [COUNT_COLUMNS[f], item[f] ?? null])));
      const existing: any[] = await m.query(`SELECT * FROM usage_measurement WHERE candidature_id = $1 AND finess = $2 AND month = $3 FOR UPDATE`, [row.id, finess, month]);
      const values = FIELDS.map((f) => after[f]);
      let measurementId: string;
      let before: UsageCounts | null = null;
      if (existing.length) {
        before = countsOf(existing[0]);
        if (FIELDS.every((f) => before![f] === after[f])) {
          result.unchanged += 1;
          continue;
        }
        measurementId = existing[0].id;
        await m.query(
          `UPDATE usage_measurement SET ${FIELDS.map((f, i) => `${COUNT_COLUMNS[f]} = $${i + 2}`).join(', ')}, version = version + 1, source = $${FIELDS.length + 2},
             recorded_by = $${FIELDS.length + 3}, recorded_by_role = $${FIELDS.length + 4}, recorded_at = now() WHERE id = $1`,
          [measurementId, ...values, source, actor, actorRole],
        );
        result.corrected += 1;
      } else {
        measurementId = randomUUID();
        await m.query(
          `INSERT INTO usage_measurement (id, candidature_id, finess, month, period_from, period_to, ${FIELDS.map((f) => COUNT_COLUMNS[f]).join(', ')}, source, recorded_by, recorded_by_role)
           VALUES ($1, $2, $3, $4, $5, $6, ${FIELDS.map((_, i) => `$${i + 7}`).join(', ')}, $${FIELDS.length + 7}, $${FIELDS.length + 8}, $${FIELDS.length + 9})`,
          [measurementId, row.id, finess, month, period.from, period.to, ...values, source, actor, actorRole],
        );
        result.created += 1;
      }
      await m.query(
        `INSERT INTO usage_measurement_history (measurement_id, candidature_id, finess, month, before, after, source, changed_by, changed_by_role) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9)`,
        [measurementId, row.id, finess, month, before ? JSON.stringify(before) : null, JSON.stringify(after), source, actor, actorRole],
      );
      finessList.push(finess);
      written.push({ finess, counts: domainCounts(after) });
    }
    if (finessList.length) {
      await insertEvent(m, {
        candidatureId: row.id,
        actorId: actor,
        actorRole,
        action: 'record_measurements',
        fromState: row.state,
        toState: row.state,
        details: { month, source, finess: finessList, created: result.created, corrected: result.corrected },
      });
    }
    for (const w of written) {
      await recordUsageTargetMisses(m, { candidatureId: row.id, state: row.state, finess: w.finess, month, period, counts: w.counts, expectedEnd, actorId: actor, actorRole });
    }
  });
  ctx.loaders.clear();
  return result;
}
