/**
 * Campaign calendars as data (domain-rules §1; 003 §4.6, 001).
 * "ouvert du 15/01/2024 au 15/09/2024 à minuit": receivable until 15/09/2024 23:59:59.999 Europe/Paris
 * (platform decision), whatever the porteur's own time zone.
 */
import { DomainValidationError } from './errors';

/** A calendar date, 'YYYY-MM-DD', read in Europe/Paris. */
export type IsoDate = string;

export interface SelectionWindow {
  code: string; // 'W1', 'W2'
  opensOn: IsoDate;
  closesOn: IsoDate;
}

export interface Track {
  opensOn: IsoDate;
  closesOn: IsoDate;
  /** Files are assigned to the window in which they were submitted ("au fil de l'eau"). */
  windows: SelectionWindow[];
}

export interface CampaignCalendar {
  id: string;
  regionCode: string;
  year: number;
  label: string;
  /** The seed the dates come from. */
  source: string;
  tracks: { regional: Track; multiregional: Track };
}

export type TrackStatus = 'UPCOMING' | 'OPEN' | 'CLOSED';

/** 003 §4.6 — ARS Normandie, AAP ESMS numérique 2024. */
export const NORMANDIE_2024: CampaignCalendar = {
  id: 'normandie-2024',
  regionCode: '28',
  year: 2024,
  label: 'ARS Normandie — appel à projets ESMS numérique 2024',
  source: '003 §4.6',
  tracks: {
    regional: {
      opensOn: '2024-01-15',
      closesOn: '2024-09-15',
      windows: [
        { code: 'W1', opensOn: '2024-01-15', closesOn: '2024-05-31' },
        { code: 'W2', opensOn: '2024-06-01', closesOn: '2024-09-15' },
      ],
    },
    multiregional: {
      opensOn: '2024-01-15',
      closesOn: '2024-05-31',
      windows: [{ code: 'W1', opensOn: '2024-01-15', closesOn: '2024-05-31' }],
    },
  },
};

/** 001 — ARS Provence-Alpes-Côte d'Azur, AAP ESMS numérique 2023. */
export const PACA_2023: CampaignCalendar = {
  id: 'paca-2023',
  regionCode: '93',
  year: 2023,
  label: "ARS Provence-Alpes-Côte d'Azur — appel à projets ESMS numérique 2023",
  source: '001',
  tracks: {
    regional: {
      opensOn: '2023-01-31',
      closesOn: '2023-09-15',
      windows: [
        { code: 'W1', opensOn: '2023-01-31', closesOn: '2023-04-27' },
        { code: 'W2', opensOn: '2023-04-28', closesOn: '2023-09-15' },
      ],
    },
    multiregional: {
      opensOn: '2023-01-31',
      closesOn: '2023-06-15',
      windows: [{ code: 'W1', opensOn: '2023-01-31', closesOn: '2023-06-15' }],
    },
  },
};

export const SHIPPED_CALENDARS: readonly CampaignCalendar[] = Object.freeze([NORMANDIE_2024, PACA_2023]);

/**
 * DEMO ONLY (ESMS_DEMO=1) — a FICTIONAL calendar, no ARS text: the shipped campaigns are closed today, so the demo
 * adds an OPEN Normandie campaign to try the submission, the grading and the committees on. Never part of
 * SHIPPED_CALENDARS; the subgraphs accept it only in demo mode.
 */
export const DEMO_NORMANDIE_2026: CampaignCalendar = {
  id: 'normandie-2026-demo',
  regionCode: '28',
  year: 2026,
  label: 'ARS Normandie 2026 (démonstration) — calendrier fictif pour essayer le dépôt',
  source: 'démonstration (calendrier fictif, aucun texte de l’ARS)',
  tracks: {
    regional: {
      opensOn: '2026-01-15',
      closesOn: '2027-03-31',
      windows: [
        { code: 'W1', opensOn: '2026-01-15', closesOn: '2026-09-30' },
        { code: 'W2', opensOn: '2026-10-01', closesOn: '2027-03-31' },
      ],
    },
    multiregional: {
      opensOn: '2026-01-15',
      closesOn: '2027-03-31',
      windows: [{ code: 'W1', opensOn: '2026-01-15', closesOn: '2027-03-31' }],
    },
  },
};

/** The fictional demo calendars (demo mode only; see DEMO_NORMANDIE_2026). */
export const DEMO_CALENDARS: readonly CampaignCalendar[] = Object.freeze([DEMO_NORMANDIE_2026]);

const PARIS = 'Europe/Paris';
const parisFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: PARIS,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Offset of Europe/Paris from UTC at an instant, in ms (+1 h in winter, +2 h in summer). */
function parisOffsetMs(instant: number): number {
  const parts: Record<string, number> = {};
  for (const p of parisFormat.formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

function parseIsoDate(date: IsoDate): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (!m || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new DomainValidationError('date', `La date « ${date} » est invalide : utilisez le format AAAA-MM-JJ.`);
  }
  return [y, mo, d];
}

/** The instant at which a Paris wall-clock time happens (midnight always exists in Paris: DST switches at 02:00/03:00). */
function parisWallClock(y: number, mo: number, d: number): Date {
  const guess = Date.UTC(y, mo - 1, d);
  let instant = guess - parisOffsetMs(guess);
  instant = guess - parisOffsetMs(instant);
  return new Date(instant);
}

/** 00:00:00.000 Europe/Paris on that day. */
export function parisStartOfDay(date: IsoDate): Date {
  const [y, mo, d] = parseIsoDate(date);
  return parisWallClock(y, mo, d);
}

/** 23:59:59.999 Europe/Paris on that day ("à minuit" in the AAP texts). */
export function parisEndOfDay(date: IsoDate): Date {
  const [y, mo, d] = parseIsoDate(date);
  return new Date(parisWallClock(y, mo, d + 1).getTime() - 1);
}

/** The Paris calendar date of an instant, 'YYYY-MM-DD'. */
export function parisDate(at: Date): IsoDate {
  const parts: Record<string, string> = {};
  for (const p of parisFormat.formatToParts(at)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function within(at: Date, opensOn: IsoDate, closesOn: IsoDate): boolean {
  const t = at.getTime();
  return t >= parisStartOfDay(opensOn).getTime() && t <= parisEndOfDay(closesOn).getTime();
}

/** 003 §4.6: a file submitted after closing is non recevable (before opening it cannot be submitted either). */
export function isSubmissionOnTime(track: Track, at: Date): boolean {
  return within(at, track.opensOn, track.closesOn);
}

/** The selection window a submission at that instant belongs to, or null outside every window. */
export function windowAt(track: Track, at: Date): SelectionWindow | null {
  return track.windows.find((w) => within(at, w.opensOn, w.closesOn)) ?? null;
}

export function trackStatus(track: Track, now: Date): TrackStatus {
  if (now.getTime() < parisStartOfDay(track.opensOn).getTime()) return 'UPCOMING';
  return now.getTime() <= parisEndOfDay(track.closesOn).getTime() ? 'OPEN' : 'CLOSED';
}

/** The track of a calendar a project files on (see deskFor().track). */
export function trackOf(calendar: CampaignCalendar, track: 'regional' | 'multiregional'): Track {
  return calendar.tracks[track];
}
