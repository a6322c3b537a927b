import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DatabaseOptions } from './database';
import { openDatabase, type Database } from './database';
import { CLAIMS_HEADER, signClaims, type Claims } from './claims';

/** Tests share one gateway secret per process. */
export function ensureTestSecret(): void {
  if (!process.env['ESMS_GATEWAY_SECRET']) process.env['ESMS_GATEWAY_SECRET'] = randomBytes(32).toString('hex');
}

const POSTGRES_ADMIN_URL = process.env['ESMS_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A throwaway database for a test file: in-memory PGlite by default, a fresh database on the
 * PostgreSQL server when ESMS_TEST_POSTGRES=1 (the CI's second pass). Migrations run either way.
 */
export async function openTestDatabase(options: Omit<DatabaseOptions, 'url' | 'dataDir'>): Promise<Database> {
  if (process.env['ESMS_TEST_POSTGRES'] !== '1') {
    return openDatabase({ ...options, url: undefined, dataDir: 'memory://' }).then((db) => db);
  }
  const name = `esms_test_${options.name.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ ...options, url: url.toString() });
  return {
    ...db,
    async close() {
      await db.close();
      const cleanup = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export const testClaims = {
  porteur: (organismes: string[], sub = 'porteur-1'): Claims => ({ sub, role: 'PORTEUR', organismes, regionCode: null, departements: [], scopes: [] }),
  instructeur: (regionCode: string, sub = 'instructeur-1'): Claims => ({ sub, role: 'INSTRUCTEUR', organismes: [], regionCode, departements: [], scopes: [] }),
  cnsa: (sub = 'cnsa-1'): Claims => ({ sub, role: 'CNSA', organismes: [], regionCode: null, departements: [], scopes: [] }),
  cd: (departements: string[], sub = 'cd-1'): Claims => ({ sub, role: 'CD', organismes: [], regionCode: null, departements, scopes: [] }),
  public: (): Claims => ({ sub: null, role: 'PUBLIC', organismes: [], regionCode: null, departements: [], scopes: [] }),
};

/** POSTs a GraphQL operation straight to a subgraph with the given claims (null = no claims). */
export async function querySubgraph<T = unknown>(url: string, query: string, variables: Record<string, unknown> = {}, claims: Claims | null = testClaims.public()) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (claims) headers[CLAIMS_HEADER] = await signClaims(claims);
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: response.status, ...body };
}
