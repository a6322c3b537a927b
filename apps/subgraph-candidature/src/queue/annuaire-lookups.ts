import { callInternal } from '@esms/server-kit';

/** Annuaire facts this capability reads (internal routes, SERVICE claims); null when the annuaire cannot answer. */
const TIMEOUT_MS = Number(process.env['ESMS_ANNUAIRE_TIMEOUT_MS'] ?? 2500);

async function call<T>(route: string, body: unknown): Promise<T | null> {
  const base = process.env['ESMS_ANNUAIRE_URL'];
  if (!base) return null;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      callInternal<T>(base, route, body, 'candidature'),
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

export interface EstablishmentLookup {
  finess: string;
  name: string;
  category: string;
  field?: string | null;
  departement: string | null;
}

/** `establishments/lookup`: the known ESSMS among `finess` (name, category, field). */
export async function lookupEstablishments(finess: string[]): Promise<Map<string, EstablishmentLookup> | null> {
  if (!finess.length) return new Map();
  const out = new Map<string, EstablishmentLookup>();
  for (let i = 0; i < finess.length; i += 500) {
    const answer = await call<EstablishmentLookup[]>('establishments/lookup', { finess: finess.slice(i, i + 500) });
    if (!Array.isArray(answer)) return null;
    for (const e of answer) out.set(e.finess, e);
  }
  return out;
}

export interface AccountContact {
  email: string;
  displayName: string;
  role?: string;
  regionCode?: string | null;
}

/** `accounts/contacts`: e-mail and name of accounts by id (unknown ids absent). */
export async function accountContacts(ids: string[]): Promise<Record<string, AccountContact> | null> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (!unique.length) return {};
  const answer = await call<Record<string, AccountContact>>('accounts/contacts', { ids: unique });
  return answer && typeof answer === 'object' && !Array.isArray(answer) ? answer : null;
}
