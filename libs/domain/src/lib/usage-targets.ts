/** Usage targets — cibles d'usage (003 §5; domain-rules §5). Conditions for paying the balance. */
import { DomainValidationError } from './errors';

export type UsageIndicatorId = 'MSSANTE' | 'DMP' | 'ACTIVE_DOSSIERS' | 'PROJET_PERSONNALISE' | 'AGENDA';

/** Counts collected for one measurement period (003 §5). */
export interface UsageMeasurement {
  /** Persons accompanied (file active: headcount on 31/12/N + definitive exits, each person once). */
  personsAccompanied: number;
  /** Messages sent through MSSanté. */
  mssanteMessagesSent: number;
  /** DMP fed with at least one document. */
  dmpFed: number;
  /** Dossiers existing in the DUI, of a person accompanied, updated at least once in the period. */
  activeDossiers: number;
  /** Active dossiers with a projet personnalisé in preparation or active. */
  activeDossiersWithProjetPersonnalise: number;
  /** Active dossiers with at least one agenda event. */
  activeDossiersWithAgendaEvent: number;
  /** Optional, no target (003 §5 C): e-prescriptions imported into the DUI in the month. */
  ePrescriptionsImported?: number;
  /** Optional, no target (003 §5 C): exchanges with an e-parcours platform. */
  eParcoursExchanges?: number;
}

type CountField = Exclude<keyof UsageMeasurement, 'ePrescriptionsImported' | 'eParcoursExchanges'>;

export interface UsageIndicator {
  id: UsageIndicatorId;
  label: string;
  formula: string;
  numerator: CountField;
  denominator: CountField;
  /** Percent. */
  target: number;
  /**
   * Whether the numerator may exceed the denominator. Platform decision: only MSSanté, whose numerator
   * counts messages (several per person); the others count dossiers or DMP of persons, each once.
   */
  numeratorMayExceedDenominator: boolean;
  source: string;
}

export const USAGE_INDICATORS: readonly UsageIndicator[] = Object.freeze([
  {
    id: 'MSSANTE',
    label: "Taux d'utilisation de la MSSanté",
    formula: 'messages envoyés via la MSSanté / personnes accompagnées pouvant bénéficier d’un projet d’accueil et d’accompagnement × 100',
    numerator: 'mssanteMessagesSent',
    denominator: 'personsAccompanied',
    target: 70,
    numeratorMayExceedDenominator: true,
    source: '003 §5 A',
  },
  {
    id: 'DMP',
    label: "Taux d'utilisation du DMP",
    formula: 'DMP alimentés avec au moins un document / personnes accompagnées × 100',
    numerator: 'dmpFed',
    denominator: 'personsAccompanied',
    target: 70,
    numeratorMayExceedDenominator: false,
    source: '003 §5 A',
  },
  {
    id: 'ACTIVE_DOSSIERS',
    label: 'Taux de dossiers actifs',
    formula: 'dossiers actifs / personnes accompagnées dans la structure × 100',
    numerator: 'activeDossiers',
    denominator: 'personsAccompanied',
    target: 90,
    numeratorMayExceedDenominator: false,
    source: '003 §5 B',
  },
  {
    id: 'PROJET_PERSONNALISE',
    label: 'Taux de dossiers actifs avec un projet personnalisé',
    formula: 'dossiers actifs ayant un projet personnalisé en préparation ou actif / dossiers actifs × 100',
    numerator: 'activeDossiersWithProjetPersonnalise',
    denominator: 'activeDossiers',
    target: 90,
    numeratorMayExceedDenominator: false,
    source: '003 §5 B',
  },
  {
    id: 'AGENDA',
    label: "Taux de dossiers actifs ayant au moins un événement dans l'agenda",
    formula: "dossiers actifs ayant au moins un événement d'agenda / dossiers actifs × 100",
    numerator: 'activeDossiersWithAgendaEvent',
    denominator: 'activeDossiers',
    target: 90,
    numeratorMayExceedDenominator: false,
    source: '003 §5 B',
  },
] as UsageIndicator[]);

const FIELD_LABELS: Record<keyof UsageMeasurement, string> = {
  personsAccompanied: 'personnes accompagnées',
  mssanteMessagesSent: 'messages MSSanté envoyés',
  dmpFed: 'DMP alimentés',
  activeDossiers: 'dossiers actifs',
  activeDossiersWithProjetPersonnalise: 'dossiers actifs avec projet personnalisé',
  activeDossiersWithAgendaEvent: "dossiers actifs avec événement d'agenda",
  ePrescriptionsImported: 'e-prescriptions importées',
  eParcoursExchanges: 'échanges avec la plateforme e-parcours',
};

export interface MeasurementError {
  field: keyof UsageMeasurement;
  message: string;
}

/** Checks a measurement: non-negative integers; numerators not above denominators where the definition forbids it. */
export function validateMeasurement(counts: UsageMeasurement): MeasurementError[] {
  const errors: MeasurementError[] = [];
  for (const field of Object.keys(FIELD_LABELS) as (keyof UsageMeasurement)[]) {
    const v = counts[field];
    if (v === undefined && (field === 'ePrescriptionsImported' || field === 'eParcoursExchanges')) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      errors.push({ field, message: `Le nombre de ${FIELD_LABELS[field]} doit être un entier positif ou nul.` });
    }
  }
  if (errors.length) return errors;
  for (const ind of USAGE_INDICATORS) {
    if (!ind.numeratorMayExceedDenominator && counts[ind.numerator] > counts[ind.denominator]) {
      errors.push({
        field: ind.numerator,
        message: `Le nombre de ${FIELD_LABELS[ind.numerator]} (${counts[ind.numerator]}) ne peut pas dépasser le nombre de ${FIELD_LABELS[ind.denominator]} (${counts[ind.denominator]}) : vérifiez les deux valeurs.`,
      });
    }
  }
  return errors;
}

export interface UsageRate {
  id: UsageIndicatorId;
  label: string;
  /** Percentage with one decimal, null when the denominator is 0. */
  rate: number | null;
  target: number;
  reached: boolean;
}

export interface UsageRates {
  indicators: UsageRate[];
  /** All five targets reached: condition of the balance (003 §4.5.2). */
  allReached: boolean;
  /** Optional indicators, no target (003 §5 C). */
  optional: { ePrescriptionsImported: number | null; eParcoursExchanges: number | null };
}

/** 003 §5: rate per indicator. `reached` compares the exact ratio (not the rounded one) with the target. */
export function usageRates(counts: UsageMeasurement): UsageRates {
  const indicators = USAGE_INDICATORS.map((ind): UsageRate => {
    const num = counts[ind.numerator];
    const den = counts[ind.denominator];
    if (den === 0) return { id: ind.id, label: ind.label, rate: null, target: ind.target, reached: false };
    return {
      id: ind.id,
      label: ind.label,
      rate: Math.round((num * 1000) / den) / 10,
      target: ind.target,
      reached: num * 100 >= ind.target * den,
    };
  });
  return {
    indicators,
    allReached: indicators.every((i) => i.reached),
    optional: { ePrescriptionsImported: counts.ePrescriptionsImported ?? null, eParcoursExchanges: counts.eParcoursExchanges ?? null },
  };
}

export interface MeasurementPeriod {
  /** First day, 'YYYY-MM-DD'. */
  from: string;
  /** Last day, 'YYYY-MM-DD' (the measure is taken at this month end). */
  to: string;
  months: number;
}

/**
 * 003 §5: measured at each month end over the past month, the first measure covering 3 months.
 * `firstMonth` 'YYYY-MM' is the first month of the first measure; `monthIndex` 0 is the first measure
 * (firstMonth to firstMonth + 2), 1 the following month, and so on.
 */
export function measurementPeriod(firstMonth: string, monthIndex: number): MeasurementPeriod {
  const m = /^(\d{4})-(\d{2})$/.exec(firstMonth);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || !Number.isInteger(monthIndex) || monthIndex < 0) {
    throw new DomainValidationError('firstMonth', `Période de mesure invalide : mois « ${firstMonth} » (format AAAA-MM), index ${monthIndex} (entier ≥ 0).`);
  }
  const start = Number(m[1]) * 12 + Number(m[2]) - 1;
  const fromMonth = monthIndex === 0 ? start : start + 2 + monthIndex;
  const toMonth = monthIndex === 0 ? start + 2 : fromMonth;
  const ym = (n: number) => [Math.floor(n / 12), (n % 12) + 1] as const;
  const [fy, fm] = ym(fromMonth);
  const [ty, tm] = ym(toMonth);
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${fy}-${pad(fm)}-01`, to: `${ty}-${pad(tm)}-${pad(lastDay)}`, months: toMonth - fromMonth + 1 };
}

export interface MissedUsageTarget {
  id: UsageIndicatorId;
  /** The target, percent. */
  target: number;
  /** The measured rate (one decimal, as `usageRates`), null when the denominator is 0. */
  rate: number | null;
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * 003 §4.5.2: the balance is paid « à l'atteinte des cibles d'usage à la fin du projet », within a reasonable time
 * (indicatively 9 months without software change, 18 for acquisitions; « ces délais indicatifs ne concernent pas les
 * projets de portée nationale »). Platform decision: the targets are due from the measurement whose period ends on or
 * after the project's expected end (its convention's indicative end); never due without one (national desk).
 */
export function usageTargetsDue(period: Pick<MeasurementPeriod, 'to'>, expectedEnd: string | null): boolean {
  if (!ISO_DATE.test(period.to) || (expectedEnd !== null && !ISO_DATE.test(expectedEnd))) {
    throw new DomainValidationError('expectedEnd', `Dates invalides : fin de période « ${period.to} », fin attendue « ${expectedEnd} » (format AAAA-MM-JJ).`);
  }
  return expectedEnd !== null && period.to >= expectedEnd;
}

/** The targets missed by one measurement: due (`usageTargetsDue`) and not reached (`usageRates`, exact ratio). */
export function missedUsageTargets(counts: UsageMeasurement, period: Pick<MeasurementPeriod, 'to'>, expectedEnd: string | null): MissedUsageTarget[] {
  if (!usageTargetsDue(period, expectedEnd)) return [];
  return usageRates(counts)
    .indicators.filter((i) => !i.reached)
    .map((i) => ({ id: i.id, target: i.target, rate: i.rate }));
}
