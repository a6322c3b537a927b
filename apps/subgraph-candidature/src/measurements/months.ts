import { measurementPeriod, parisDate, type MeasurementPeriod } from '@esms/domain';

/** 'YYYY-MM' months (Europe/Paris calendar), as the measurements are keyed. */
export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const ofIndex = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;

export const monthOfDate = (isoDate: string) => isoDate.slice(0, 7);
export const addMonthsToMonth = (month: string, n: number) => ofIndex(index(month) + n);
export const monthsBetween = (from: string, to: string) => index(to) - index(from);
export const currentParisMonth = (now = new Date()) => monthOfDate(parisDate(now));

/** Last day ('YYYY-MM-DD') of a month. */
export function monthEnd(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/**
 * The measurement taken at the end of `month` for a project started in `firstMonth` (003 §5, domain
 * `measurementPeriod`): the first measure is taken at the end of firstMonth + 2 and covers three months, then one
 * measure per month. Null when `month` is not a measurement month (before the first measure).
 */
export function periodOfMonth(firstMonth: string, month: string): (MeasurementPeriod & { index: number }) | null {
  const k = monthsBetween(firstMonth, month) - 2;
  if (k < 0) return null;
  return { ...measurementPeriod(firstMonth, k), index: k };
}

/** The measurement months open today: from the first measure's month to the current month, oldest first. */
export function openMonths(firstMonth: string, now = new Date()): string[] {
  const first = addMonthsToMonth(firstMonth, 2);
  const current = currentParisMonth(now);
  const out: string[] = [];
  for (let m = first; monthsBetween(m, current) >= 0; m = addMonthsToMonth(m, 1)) out.push(m);
  return out;
}

const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
export const monthLabel = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** Why a month cannot receive a measurement (French), or null when it can. */
export function monthRefusal(month: string, firstMonth: string, now = new Date()): string | null {
  if (!MONTH.test(month)) return `Le mois « ${month} » n'est pas au format AAAA-MM (exemple : 2026-03).`;
  if (monthsBetween(currentParisMonth(now), month) > 0) {
    return `Le mois ${monthLabel(month)} est dans le futur : une mesure se saisit à la fin du mois mesuré.`;
  }
  if (monthsBetween(firstMonth, month) < 0) {
    return `Le mois ${monthLabel(month)} précède la convention (projet démarré en ${monthLabel(firstMonth)}) : aucune mesure n'est attendue avant.`;
  }
  if (monthsBetween(firstMonth, month) < 2) {
    const first = addMonthsToMonth(firstMonth, 2);
    return `La première mesure couvre les trois premiers mois du projet (${monthLabel(firstMonth)} à ${monthLabel(first)}) : saisissez-la pour le mois ${monthLabel(first)}.`;
  }
  return null;
}
