import { formatEuros, formatPercent } from '@esms/ui';
import type { DashboardArea, DashboardFilterVars } from './operations';

export type IndicatorId = 'files' | 'filesGranted' | 'amountRequested' | 'amountGranted' | 'coverageRate' | 'essmsCovered' | 'essmsNotCovered' | 'projectsAtRisk';

export interface Indicator {
  id: IndicatorId;
  label: string;
  /** The value of a region; null when unknown (e.g. the annuaire did not answer). */
  value: (a: DashboardArea) => number | null;
  format: (v: number) => string;
  kind: 'count' | 'euros' | 'percent';
}

const count = new Intl.NumberFormat('fr-FR');
export const formatCount = (v: number) => count.format(v);

export const INDICATORS: readonly Indicator[] = [
  { id: 'files', label: 'Candidatures déposées', value: (a) => a.files, format: formatCount, kind: 'count' },
  { id: 'filesGranted', label: 'Candidatures retenues', value: (a) => a.filesGranted, format: formatCount, kind: 'count' },
  { id: 'amountRequested', label: 'Montants demandés', value: (a) => a.amountRequested, format: formatEuros, kind: 'euros' },
  { id: 'amountGranted', label: 'Montants accordés', value: (a) => a.amountGranted, format: formatEuros, kind: 'euros' },
  { id: 'coverageRate', label: 'ESSMS couverts (% des ESSMS ouverts)', value: (a) => a.coverageRate, format: formatPercent, kind: 'percent' },
  { id: 'essmsCovered', label: 'ESSMS couverts (nombre)', value: (a) => a.essmsCovered, format: formatCount, kind: 'count' },
  { id: 'essmsNotCovered', label: 'ESSMS pas encore couverts', value: (a) => a.essmsNotCovered, format: formatCount, kind: 'count' },
  { id: 'projectsAtRisk', label: 'Projets à risque (cibles d’usage)', value: (a) => a.projectsAtRisk, format: formatCount, kind: 'count' },
];

export const indicatorById = (id: string | null | undefined): Indicator => INDICATORS.find((i) => i.id === id) ?? INDICATORS[0]!;

/**
 * Sequential palette of the DSFR "bleu France" scale, light to dark (925, 850, 625 main, 425, 113 sun). Every
 * class is at least 3:1 against its neighbours' border (#161616) or the white page; the two dark classes carry
 * white labels in the legend.
 */
export const PALETTE = ['#e3e3fd', '#cacafb', '#8585f6', '#4b4bf5', '#000091'] as const;
export const NO_DATA_COLOUR = '#f6f6f6';

export interface ColourClass {
  colour: string;
  from: number;
  to: number;
  label: string;
}

/**
 * A quantised colour scale over [0, max] with PALETTE.length classes (equal intervals; counts rounded to
 * integers). A zero is the lightest class; null (unknown) gets NO_DATA_COLOUR.
 */
export function colourScale(values: (number | null)[], indicator: Pick<Indicator, 'format' | 'kind'>) {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const max = Math.max(0, ...known);
  const k = PALETTE.length;
  const step = max / k;
  const bound = (i: number) => (indicator.kind === 'percent' ? i * step : Math.round(i * step));
  const classes: ColourClass[] = PALETTE.map((colour, i) => {
    const from = bound(i);
    const to = i === k - 1 ? max : bound(i + 1);
    return { colour, from, to, label: `${indicator.format(from)} – ${indicator.format(to)}` };
  });
  const colourOf = (v: number | null): string => {
    if (v === null || !Number.isFinite(v)) return NO_DATA_COLOUR;
    if (max === 0) return PALETTE[0];
    const i = Math.min(k - 1, Math.floor((v / max) * k));
    return PALETTE[Math.max(0, i)]!;
  };
  return { max, classes: max === 0 ? classes.slice(0, 1) : classes, colourOf };
}

/** Text colour readable on a palette colour (white on the two darkest classes). */
export const textOn = (colour: string) => (colour === PALETTE[3] || colour === PALETTE[4] ? '#ffffff' : '#161616');

// ---------- filters in the URL ----------

export const FILTER_PARAMS = { campaignYear: 'annee', windowCode: 'fenetre', field: 'champ', projectType: 'type' } as const;

export function filterFromParams(params: URLSearchParams): DashboardFilterVars {
  const year = Number(params.get(FILTER_PARAMS.campaignYear));
  return {
    campaignYear: Number.isInteger(year) && year > 2000 ? year : null,
    windowCode: params.get(FILTER_PARAMS.windowCode) || null,
    field: params.get(FILTER_PARAMS.field) || null,
    projectType: params.get(FILTER_PARAMS.projectType) || null,
  };
}

/** Query string of the filters (to carry them when drilling down), without the empty ones. */
export function filterQuery(filter: DashboardFilterVars, extra: Record<string, string | null | undefined> = {}): string {
  const p = new URLSearchParams();
  if (filter.campaignYear) p.set(FILTER_PARAMS.campaignYear, String(filter.campaignYear));
  if (filter.windowCode) p.set(FILTER_PARAMS.windowCode, filter.windowCode);
  if (filter.field) p.set(FILTER_PARAMS.field, filter.field);
  if (filter.projectType) p.set(FILTER_PARAMS.projectType, filter.projectType);
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const FIELD_OPTIONS = [
  ['PA', 'Personnes âgées'],
  ['PH_ENFANTS', 'Enfance handicapée'],
  ['PH_ADULTES', 'Adultes handicapés'],
  ['DOMICILE', 'Services à domicile'],
  ['PROTECTION_ENFANCE', "Protection de l'enfance"],
  ['AHI', 'Accueil, hébergement, insertion'],
  ['DIFFICULTES_SPECIFIQUES', 'Difficultés spécifiques'],
  ['PJM', 'Protection juridique des majeurs'],
  ['RESSOURCES', 'Centres de ressources'],
] as const;

export const PROJECT_TYPE_OPTIONS = [
  ['ACQUISITION', 'Acquisition'],
  ['UPGRADE', 'Mise à niveau'],
  ['MIXED', 'Mixte'],
] as const;

/** Months from the first to the last point with no gap (a month without submission is a zero bar, not skipped). */
export function continuousMonths<T extends { month: string }>(points: T[], zero: Omit<T, 'month'> = { submissions: 0, amountRequested: 0, amountGranted: 0 } as never): T[] {
  if (points.length === 0) return [];
  const byMonth = new Map(points.map((p) => [p.month, p]));
  const sorted = [...byMonth.keys()].sort();
  const [fy, fm] = sorted[0]!.split('-').map(Number) as [number, number];
  const last = sorted[sorted.length - 1]!;
  const out: T[] = [];
  for (let y = fy, m = fm; out.length < 600; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(byMonth.get(key) ?? ({ ...zero, month: key } as T));
    if (key === last) break;
  }
  return out;
}
