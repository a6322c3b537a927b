/*
 * The deadline of the rush, on the server's clock. Campaign calendars are dates ("jusqu'au 15/09 à minuit",
 * Europe/Paris): a real deadline one minute ahead only exists at 23:59 in Paris. So the load campaign closes on a
 * date D, and the stack of the rush runs with `ESMS_CLOCK_OFFSET_MS` (server-kit's injected clock, read by every
 * deadline judgement) set so that its clock reads D 23:59:00 Paris when the rush starts. The rule itself
 * (`isSubmissionOnTime`, `parisEndOfDay`) is the domain's: nothing here re-implements it.
 */
import { isSubmissionOnTime, parisDate, parisEndOfDay, type CampaignCalendar, type IsoDate } from '@esms/domain';

const DAY_MS = 86_400_000;

/** A regional campaign open for 90 days up to `closesOn` (both tracks, one window), labelled as a load test. */
export function loadCampaignCalendar(id: string, closesOn: IsoDate, regionCode: string): CampaignCalendar {
  const closesAt = closingInstant(closesOn);
  const opensOn = parisDate(new Date(closesAt.getTime() - 90 * DAY_MS));
  const track = { opensOn, closesOn, windows: [{ code: 'W1', opensOn, closesOn }] };
  return {
    id,
    regionCode,
    year: Number(closesOn.slice(0, 4)),
    label: `Campagne de test de charge (clôture ${closesOn})`,
    source: 'tools/load (test de charge, pas un texte ARS)',
    tracks: { regional: track, multiregional: track },
  };
}

/** The first instant refused: the day after `closesOn`, 00:00:00.000 Paris. */
export function closingInstant(closesOn: IsoDate): Date {
  return new Date(parisEndOfDay(closesOn).getTime() + 1);
}

/** The closing date for a run planned now: tomorrow in Paris, so the campaign stays open (real clock) while seeding. */
export function closingDateFor(nowMs: number): IsoDate {
  return parisDate(new Date(nowMs + DAY_MS));
}

/** Milliseconds to add to the real clock so that the server reads `closesAt − leadMs` at the real instant `rushStartMs`. */
export function clockOffsetFor(rushStartMs: number, closesAt: Date, leadMs: number): number {
  return closesAt.getTime() - leadMs - rushStartMs;
}

/** Whether the domain accepts a submission at this server instant for the calendar (for the run's own sanity checks). */
export function onTime(calendar: CampaignCalendar, at: Date): boolean {
  return isSubmissionOnTime(calendar.tracks.regional, at);
}
