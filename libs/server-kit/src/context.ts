import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Claims } from './claims';
import type { Logger } from './logger';
import { forbidden, unauthenticated } from './errors';

/** What every resolver receives: the verified caller, the subgraph's database, per-request loaders. */
export interface SubgraphContext {
  claims: Claims;
  db: DataSource;
  logger: Logger;
  requestId: string;
  loaders: Map<string, DataLoader<unknown, unknown>>;
}

/**
 * One DataLoader per request and per name: entity resolution and field resolvers batch their reads
 * into one query (no N+1). `batch` receives the keys and returns values in the same order.
 */
export function loaderFor<K, V>(ctx: SubgraphContext, name: string, batch: (keys: readonly K[]) => Promise<(V | null)[]>): DataLoader<K, V | null> {
  let loader = ctx.loaders.get(name) as DataLoader<K, V | null> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V | null>(async (keys) => batch(keys));
    ctx.loaders.set(name, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}

/** Orders rows to match the keys (DataLoader's contract); missing rows become null. */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const index = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => index.get(key) ?? null);
}

/** Throws UNAUTHENTICATED for public callers and FORBIDDEN when the role is not among those allowed. */
export function requireRole(ctx: SubgraphContext, ...roles: Claims['role'][]): Claims {
  if (ctx.claims.role === 'PUBLIC') throw unauthenticated();
  if (roles.length > 0 && !roles.includes(ctx.claims.role)) throw forbidden();
  return ctx.claims;
}
