import { callInternal } from '@esms/server-kit';

/**
 * Facts owned by the annuaire, read through its internal routes (never its database). Every call has a
 * short timeout; a missing or unreachable annuaire gives `null` and the caller says so in a notice.
 */
const SERVICE = 'candidature';
const TIMEOUT_MS = Number(process.env['ESMS_ANNUAIRE_TIMEOUT_MS'] ?? 2500);

async function call<T>(route: string, body: unknown): Promise<T | null> {
  const base = process.env['ESMS_ANNUAIRE_URL'];
  if (!base) return null;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      callInternal<T>(base, route, body, SERVICE),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), TIMEOUT_MS);
      }),
    ]);
  } catch {
    return null;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

const isCountMap = (v: unknown): v is Record<string, number> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n));

/** ESSMS managed per organisme gestionnaire, as counted in the annuaire; null when the annuaire cannot answer. */
export async function organismeSizes(finessEj: string[]): Promise<Record<string, number> | null> {
  if (finessEj.length === 0) return {};
  const answer = await call<unknown>('organismes/sizes', { finessEj });
  if (!isCountMap(answer)) return null;
  // Only organismes the annuaire knows (a count of 0 means unknown there): the domain then counts the input.
  return Object.fromEntries(Object.entries(answer).filter(([, n]) => n > 0));
}

export interface EstablishmentFacts {
  name?: string;
  category?: string;
  finessEj?: string;
  regionCode?: string | null;
}

/** Category and organisme of ESSMS (route `establishments/facts`); null when unavailable. */
export async function establishmentFacts(finess: string[]): Promise<Record<string, EstablishmentFacts> | null> {
  if (finess.length === 0) return {};
  const answer = await call<unknown>('establishments/facts', { finess });
  return answer && typeof answer === 'object' && !Array.isArray(answer) ? (answer as Record<string, EstablishmentFacts>) : null;
}

export interface DuiSolutionFacts {
  editor: string;
  product: string;
  version?: string;
  couloir: string;
  vague: number;
  referencingStatus: string;
}

/** Referencing facts of DUI solutions of the catalogue (route `dui-solutions/facts`); null when unavailable. */
export async function duiSolutionFacts(ids: string[]): Promise<Record<string, DuiSolutionFacts> | null> {
  if (ids.length === 0) return {};
  const answer = await call<unknown>('dui-solutions/facts', { ids });
  return answer && typeof answer === 'object' && !Array.isArray(answer) ? (answer as Record<string, DuiSolutionFacts>) : null;
}
