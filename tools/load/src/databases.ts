/*
 * The two database set-ups of the rush. PGlite: the stack's default, one embedded database per subgraph under the
 * run's data folder (readable here only while the stack is stopped: a PGlite folder has one owner). PostgreSQL:
 * fresh databases `esms_load_<subgraph>` on the server (dropped and created at the start of the run, dropped at
 * the end unless LOAD_KEEP_DATA=1).
 */
import { join } from 'node:path';
import { Client } from 'pg';

export type DatabaseKind = 'pglite' | 'postgresql';
export const SUBGRAPH_DATABASES = ['annuaire', 'candidature', 'grading-grid'] as const;
export type SubgraphDatabase = (typeof SUBGRAPH_DATABASES)[number];

/** `grading-grid` → `DATABASE_URL_GRADING_GRID` (as server-kit's databaseUrlFor reads it). */
export const databaseUrlKey = (name: string) => `DATABASE_URL_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
export const loadDatabaseName = (name: string) => `esms_load_${name.replace(/\W/g, '_')}`;

export interface SqlSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface LoadDatabases {
  kind: DatabaseKind;
  /** Environment for the stack and the import CLI. */
  env: Record<string, string>;
  /** A SQL session on a subgraph's database (PGlite: only while the stack is stopped). */
  open(subgraph: SubgraphDatabase): Promise<SqlSession>;
  drop(): Promise<void>;
}

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function openLoadDatabases(kind: DatabaseKind, dataDir: string, adminUrl = process.env['ESMS_LOAD_POSTGRES_URL'] ?? DEFAULT_ADMIN_URL): Promise<LoadDatabases> {
  if (kind === 'pglite') {
    return {
      kind,
      env: {},
      async open(subgraph) {
        const { PGlite } = await import('@electric-sql/pglite');
        const db = await PGlite.create(join(dataDir, subgraph));
        return {
          query: async <T>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[],
          close: () => db.close(),
        };
      },
      drop: async () => undefined,
    };
  }
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await admin.connect().catch((error) => {
    throw new Error(`No PostgreSQL server answers on ${adminUrl} (${error.message}): start one, set ESMS_LOAD_POSTGRES_URL, or run LOAD_DATABASES=pglite.`);
  });
  const urls = {} as Record<SubgraphDatabase, string>;
  try {
    for (const name of SUBGRAPH_DATABASES) {
      const database = loadDatabaseName(name);
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(adminUrl);
      url.pathname = `/${database}`;
      urls[name] = url.toString();
    }
  } finally {
    await admin.end();
  }
  return {
    kind,
    env: Object.fromEntries(SUBGRAPH_DATABASES.map((name) => [databaseUrlKey(name), urls[name]])),
    async open(subgraph) {
      const client = new Client({ connectionString: urls[subgraph] });
      await client.connect();
      return {
        query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
        close: () => client.end(),
      };
    },
    async drop() {
      const cleanup = new Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        for (const name of SUBGRAPH_DATABASES) await cleanup.query(`DROP DATABASE IF EXISTS ${loadDatabaseName(name)} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
