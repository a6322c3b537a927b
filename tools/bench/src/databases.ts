/*
 * The bench runs the subgraphs on PostgreSQL (as in production) when a server answers on
 * ESMS_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres): three fresh databases,
 * dropped at the end. Otherwise on the embedded PGlite (one session: concurrent writes are serialized).
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const SUBGRAPH_DATABASES = ['annuaire', 'candidature', 'grading-grid'] as const;

/** `grading-grid` → `DATABASE_URL_GRADING_GRID` (as server-kit's databaseUrlFor reads it). */
export const databaseUrlKey = (name: string) => `DATABASE_URL_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

export interface BenchDatabases {
  kind: 'postgresql' | 'pglite';
  /** Environment for the subgraphs and the import CLI. */
  env: Record<string, string>;
  urls: Partial<Record<(typeof SUBGRAPH_DATABASES)[number], string>>;
  drop(): Promise<void>;
}

export async function openBenchDatabases(adminUrl = process.env['ESMS_BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres'): Promise<BenchDatabases> {
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return { kind: 'pglite', env: {}, urls: {}, drop: async () => undefined };
  }
  const suffix = randomBytes(4).toString('hex');
  const names = SUBGRAPH_DATABASES.map((name) => ({ name, database: `esms_bench_${suffix}_${name.replace(/\W/g, '_')}` }));
  for (const { database } of names) await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const urls: BenchDatabases['urls'] = {};
  const env: Record<string, string> = {};
  for (const { name, database } of names) {
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    urls[name] = url.toString();
    env[databaseUrlKey(name)] = url.toString();
  }
  return {
    kind: 'postgresql',
    env,
    urls,
    async drop() {
      const cleanup = new Client({ connectionString: adminUrl });
      await cleanup.connect();
      for (const { database } of names) await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
