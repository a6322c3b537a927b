import { USAGE_INDICATORS } from '@esms/domain';
import type { UsageCorrection, UsageMeasurementView } from '../measurements/measurement.types';
import { measurementViews, type MeasurementRow } from '../measurements/measurement.service';
import { monthLabel, monthOfDate, monthsBetween } from '../measurements/months';

/**
 * Targets per ESSMS and for the project, from the domain's rates only (`usageRates`, via `measurementViews`).
 *
 * Projection (platform decision, documented for the ARS): for each target still missed at an ESSMS's latest
 * measure, the linear trend of its last (at most) 3 measured rates — slope = (last − first) / months between them —
 * is extended to the project's expected end month (6 months ahead when there is none, national desk). The target is
 * "at risk" when the projected rate stays below the target; with a single measure the rate is assumed flat; an ESSMS
 * without any measure once the first measure is due is at risk.
 */
export const PROJECTION_METHOD =
  'Tendance linéaire des 3 dernières mesures de chaque ESSMS, prolongée jusqu’au mois de fin attendue du projet (6 mois à défaut) : une cible est « à risque » si le taux projeté reste sous la cible.';

export interface EssmsTargets {
  finess: string;
  measurements: UsageMeasurementView[];
  latest: UsageMeasurementView | null;
  targetsReached: boolean;
  missingIndicators: string[];
}

export interface MissingTarget {
  finess: string;
  indicator: string;
  label: string;
  rate: number | null;
  target: number;
  projectedRate: number | null;
  atRisk: boolean;
}

export interface ProjectTargets {
  essms: EssmsTargets[];
  targetsReached: boolean;
  missingTargets: MissingTarget[];
  atRisk: boolean;
  horizonMonth: string | null;
  reasons: string[];
  /** Earliest month where every ESSMS had a measure reaching the five targets. */
  firstMonthAllReached: string | null;
}

export function projectTargets(input: {
  members: string[];
  measurements: MeasurementRow[];
  history: (UsageCorrection & { measurementId: string })[];
  firstMonth: string | null;
  expectedEnd: string | null;
  currentMonth: string;
}): ProjectTargets {
  const horizonMonth = input.expectedEnd ? monthOfDate(input.expectedEnd) : null;
  const firstDue = input.firstMonth ? monthsBetween(input.firstMonth, input.currentMonth) > 2 : false; // the first measure's month has ended
  const essms: EssmsTargets[] = input.members.map((finess) => {
    const views = measurementViews(
      input.measurements.filter((m) => m.finess === finess),
      input.history,
      input.firstMonth,
    );
    const latest = views.at(-1) ?? null;
    return {
      finess,
      measurements: views,
      latest,
      targetsReached: !!latest?.allReached,
      missingIndicators: latest ? latest.rates.filter((r) => !r.reached).map((r) => r.indicator) : USAGE_INDICATORS.map((i) => i.id),
    };
  });
  const missingTargets: MissingTarget[] = [];
  const reasons: string[] = [];
  for (const e of essms) {
    if (!e.latest) {
      for (const ind of USAGE_INDICATORS) {
        missingTargets.push({ finess: e.finess, indicator: ind.id, label: ind.label, rate: null, target: ind.target, projectedRate: null, atRisk: firstDue });
      }
      if (firstDue) reasons.push(`ESSMS ${e.finess} : aucune mesure d’usage transmise.`);
      continue;
    }
    for (const rate of e.latest.rates.filter((r) => !r.reached)) {
      const points = e.measurements
        .slice(-3)
        .map((m) => ({ month: m.month, rate: m.rates.find((r) => r.indicator === rate.indicator)?.rate ?? null }))
        .filter((p): p is { month: string; rate: number } => p.rate !== null);
      let projected: number | null = null;
      if (points.length) {
        const first = points[0];
        const last = points[points.length - 1];
        const span = monthsBetween(first.month, last.month);
        const slope = span > 0 ? (last.rate - first.rate) / span : 0;
        const horizon = horizonMonth ? Math.max(0, monthsBetween(last.month, horizonMonth)) : 6;
        projected = Math.round((last.rate + slope * horizon) * 10) / 10;
      }
      const atRisk = projected === null || projected < rate.target;
      missingTargets.push({ finess: e.finess, indicator: rate.indicator, label: rate.label, rate: rate.rate, target: rate.target, projectedRate: projected, atRisk });
      if (atRisk) {
        reasons.push(
          `ESSMS ${e.finess} — ${rate.label} : ${rate.rate ?? '—'} % pour une cible de ${rate.target} %` +
            (projected !== null ? `, ${projected} % projetés ${horizonMonth ? `en ${monthLabel(horizonMonth)}` : 'à 6 mois'}.` : '.'),
        );
      }
    }
  }
  // The earliest month where every ESSMS's measure of that month reaches all five targets.
  const months = [...new Set(input.measurements.map((m) => m.month))].sort();
  const firstMonthAllReached =
    months.find((month) => essms.every((e) => e.measurements.find((m) => m.month === month)?.allReached)) ?? null;
  return {
    essms,
    targetsReached: essms.length > 0 && essms.every((e) => e.targetsReached),
    missingTargets,
    atRisk: missingTargets.some((t) => t.atRisk),
    horizonMonth,
    reasons,
    firstMonthAllReached,
  };
}
