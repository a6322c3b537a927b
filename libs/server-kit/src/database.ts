import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';
import { CountingSqlLogger } from './metrics';

/* eslint-disable @typescript-eslint/no-explicit-any */
type EntityList = MixedList<string | (new (...args: any[]) => any) | EntitySchema>;
type MigrationList = MixedList<string | (new (...args: any[]) => any)>;

export interface DatabaseOptions {
  /** The subgraph's name: `annuaire`, `candidature`, `grading-grid`. */
  name: string;
  entities: EntityList;
  migrations: MigrationList;
  /** A PostgreSQL URL; defaults to DATABASE_URL_<NAME> then DATABASE_URL; absent = embedded PGlite. */
  url?: string;
  /** PGlite data folder; defaults to ./data/<name>. `memory://` for a throwaway database. */
  dataDir?: string;
}

export interface Database {
  dataSource: DataSource;
  /** `postgresql` (server) or `pglite` (embedded), for the logs. */
  kind: 'postgresql' | 'pglite';
  close(): Promise<void>;
}

export function databaseUrlFor(name: string): string | undefined {
  const key = `DATABASE_URL_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  return process.env[key] ?? process.env['DATABASE_URL'];
}

/**
 * Opens the subgraph's own database and runs its migrations. Same TypeORM postgres driver for both
 * kinds: PGlite is reached through its socket server, so one set of migrations and SQL serves both.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const url = options.url ?? databaseUrlFor(options.name);
  const logging = (process.env['ESMS_SQL_LOG'] === '1' ? ['query', 'error'] : ['error']) as ('query' | 'error')[];
  const common = {
    type: 'postgres' as const,
    entities: options.entities,
    migrations: options.migrations,
    migrationsRun: true,
    synchronize: false,
    // A null/undefined id in `where` is an error, never "no condition" (which returns the first row).
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' },
    logging,
    // Counts SQL statements (read by the benchmark through /internal/metrics), logs as before.
    logger: new CountingSqlLogger(logging),
  };
  if (url) {
    const dataSource = new DataSource({ ...common, url, extra: { max: 10 } } as DataSourceOptions);
    await dataSource.initialize();
    return { dataSource, kind: 'postgresql', close: () => dataSource.destroy() };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const dataDir = options.dataDir ?? resolve(process.env['ESMS_DATA_DIR'] ?? 'data', options.name);
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir.startsWith('memory://') ? undefined : dataDir);
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 8 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  const dataSource = new DataSource({
    ...common,
    host,
    port: Number(port),
    username: 'postgres',
    password: 'postgres',
    database: 'postgres',
    // PGlite is ONE session: with several pooled connections the socket server can interleave their
    // extended-protocol messages (`portal "" does not exist`, seen under load in tools/bench). One
    // connection serialises at the pool; code inside a transaction must use its own manager.
    extra: { max: 1 },
  } as DataSourceOptions);
  await dataSource.initialize();
  return {
    dataSource,
    kind: 'pglite',
    async close() {
      await dataSource.destroy();
      await server.stop();
      await db.close();
    },
  };
}
