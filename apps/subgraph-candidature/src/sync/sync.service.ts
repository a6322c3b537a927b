import { badInput, type SubgraphContext } from '@esms/server-kit';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { filterSql, mapCandidature } from '../candidatures/candidature.repository';
import type { CandidatureFilter } from '../candidatures/candidature.types';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const MAX_CONNECTION_PAGE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Opaque cursor: base64url of `<updated_at with microseconds, UTC>|<id>` — the keyset position in (updated_at, id) order. */
export function encodeCursor(updatedAtUs: string, id: string): string {
  return Buffer.from(`${updatedAtUs}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { updatedAt: string; id: string } {
  const [updatedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!updatedAt || !id || !TIMESTAMP.test(updatedAt) || !UUID.test(id)) {
    throw badInput('Curseur invalide : reprenez la valeur `endCursor` (ou `cursor`) renvoyée par la page précédente, sans la modifier.', { field: 'after' });
  }
  return { updatedAt, id };
}

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  updatedSince?: Date | null;
  filter?: CandidatureFilter | null;
}

/**
 * Keyset pagination on (updated_at, id), scoped in SQL like `candidatures`. A file changed while a client walks the
 * pages moves to the end of the order and is read again with its new state: nothing is missed, and no unchanged file
 * is returned twice. For synchronisation, keep the largest `updatedAt` seen and pass it as `updatedSince` next time.
 */
export async function candidaturesConnection(ctx: SubgraphContext, args: ConnectionArgs) {
  const first = args.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > MAX_CONNECTION_PAGE) {
    throw badInput(`\`first\` doit être un entier entre 1 et ${MAX_CONNECTION_PAGE}.`, { field: 'first' });
  }
  const base = filterSql(ctx.claims, args.filter);
  const params = [...base.params];
  let where = base.sql;
  if (args.updatedSince) {
    params.push(args.updatedSince);
    where += ` AND c.updated_at >= $${params.length}::timestamptz`;
  }
  const countParams = [...params];
  const countWhere = where;
  if (args.after) {
    const position = decodeCursor(args.after);
    params.push(position.updatedAt, position.id);
    where += ` AND (c.updated_at, c.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
  }
  const rows: any[] = await ctx.db.query(
    `SELECT c.*, to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
       FROM candidature c WHERE ${where} ORDER BY c.updated_at, c.id LIMIT ${first + 1}`,
    params,
  );
  const counted: any[] = await ctx.db.query(`SELECT count(*)::int AS n FROM candidature c WHERE ${countWhere}`, countParams);
  const page = rows.slice(0, first);
  const edges = page.map((r) => ({ cursor: encodeCursor(r.cursor_at, String(r.id)), node: mapCandidature(r) as CandidatureRow }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount: Number(counted[0]?.n ?? 0),
  };
}
