import { HttpError, type InternalRoute } from '@esms/server-kit';
import { In } from 'typeorm';
import { AccountRow } from './identity.entities';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_CONTACT_IDS = 500;

export interface AccountContact {
  email: string;
  displayName: string;
  role: string;
  regionCode: string | null;
}

/**
 * POST /internal/accounts/contacts { ids: string[] } → { [id]: { email, displayName, role, regionCode } } for the
 * known accounts (unknown or malformed ids are simply absent). SERVICE claims only (server-kit); used by
 * subgraph-candidature to notify porteurs and show who is assigned. One query.
 */
export const accountContacts: InternalRoute = async (body, ctx) => {
  const ids = (body as Record<string, unknown> | null)?.['ids'];
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) {
    throw new HttpError(400, 'BAD_REQUEST', 'Le corps doit être { "ids": ["…"] } (identifiants de comptes).');
  }
  if (ids.length > MAX_CONTACT_IDS) throw new HttpError(400, 'BAD_REQUEST', `Au plus ${MAX_CONTACT_IDS} identifiants par appel (${ids.length} reçus).`);
  const valid = [...new Set((ids as string[]).filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
  if (!valid.length) return {};
  const rows = await ctx.db.getRepository(AccountRow).findBy({ id: In(valid) });
  return Object.fromEntries(
    rows.map((r): [string, AccountContact] => [r.id, { email: r.email, displayName: r.displayName, role: r.role, regionCode: r.regionCode }]),
  );
};
