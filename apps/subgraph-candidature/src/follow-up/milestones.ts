import { addMonths } from '../convention/convention.service';
import { addMonthsToMonth, monthEnd } from '../measurements/months';

/**
 * Milestones after the convention (003 §4.5), computed from the facts — nothing to keep in sync. Planned dates are
 * indicative platform decisions, shown to the ARS: advance within 1 month of the signature, deployment started
 * within 2 months, first usage measure reported by the end of the month following its 3-month period, targets
 * reached and balance requested by the expected end, balance paid within 2 months after it.
 */
export interface MilestoneFacts {
  signedOn: string;
  expectedEnd: string | null;
  firstMonth: string;
  advancePaidOn: string | null;
  deploymentStartedOn: string | null;
  firstMeasurementOn: string | null;
  targetsReachedOn: string | null;
  balanceRequestedOn: string | null;
  balancePaidOn: string | null;
}

export interface MilestoneView {
  code: string;
  label: string;
  plannedOn: string | null;
  doneOn: string | null;
  status: 'DONE' | 'LATE' | 'UPCOMING';
  daysLate: number;
}

const days = (from: string, to: string) => Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);

export function milestones(f: MilestoneFacts, today: string): MilestoneView[] {
  const plan: [string, string, string | null, string | null][] = [
    ['SIGNATURE', 'Signature de la convention', f.signedOn, f.signedOn],
    ['ADVANCE', 'Versement de l’avance (50 %)', addMonths(f.signedOn, 1), f.advancePaidOn],
    ['DEPLOYMENT_START', 'Démarrage du déploiement', addMonths(f.signedOn, 2), f.deploymentStartedOn],
    ['FIRST_MEASUREMENT', 'Première mesure des cibles d’usage (3 premiers mois)', monthEnd(addMonthsToMonth(f.firstMonth, 3)), f.firstMeasurementOn],
    ['TARGETS_REACHED', 'Cibles d’usage atteintes par tous les ESSMS', f.expectedEnd, f.targetsReachedOn],
    ['BALANCE_REQUEST', 'Fin du déploiement et demande de solde', f.expectedEnd, f.balanceRequestedOn],
    ['BALANCE_PAID', 'Versement du solde', f.expectedEnd ? addMonths(f.expectedEnd, 2) : null, f.balancePaidOn],
  ];
  return plan.map(([code, label, plannedOn, doneOn]) => {
    if (doneOn) return { code, label, plannedOn, doneOn, status: 'DONE', daysLate: plannedOn ? Math.max(0, days(plannedOn, doneOn)) : 0 };
    const late = plannedOn !== null && plannedOn < today;
    return { code, label, plannedOn, doneOn: null, status: late ? 'LATE' : 'UPCOMING', daysLate: late ? days(plannedOn!, today) : 0 };
  });
}

const frDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** French alerts for the milestones that slipped. */
export function milestoneAlerts(list: MilestoneView[]): string[] {
  return list
    .filter((m) => m.status === 'LATE')
    .map((m) => `Jalon en retard : « ${m.label} » était prévu le ${frDate(m.plannedOn!)} (${m.daysLate} jour${m.daysLate > 1 ? 's' : ''} de retard).`);
}
