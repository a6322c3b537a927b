/* PostgreSQL helpers of the generator: dedicated databases, bulk inserts in unnest batches. */
import { Client } from 'pg';

export const SUBGRAPHS = ['annuaire', 'candidature', 'grading-grid'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

/** `grading-grid` → `DATABASE_URL_GRADING_GRID` (as server-kit reads it). */
export const databaseUrlKey = (name: string) => `DATABASE_URL_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

export interface ScaleDatabases {
  urls: Record<SubgraphName, string>;
  /** DATABASE_URL_ANNUAIRE, … for the subgraphs and the import CLI. */
  env: Record<string, string>;
}

export function scaleDatabases(serverUrl: string, prefix: string): ScaleDatabases {
  const urls = {} as Record<SubgraphName, string>;
  const env: Record<string, string> = {};
  for (const name of SUBGRAPHS) {
    const url = new URL(serverUrl);
    url.pathname = `/${prefix}_${name.replace(/\W/g, '_')}`;
    urls[name] = url.toString();
    env[databaseUrlKey(name)] = url.toString();
  }
  return { urls, env };
}

/** Drops and creates the three databases (a rerun starts from nothing: same seed, same data). */
export async function recreateDatabases(serverUrl: string, databases: ScaleDatabases): Promise<void> {
  const admin = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    for (const url of Object.values(databases.urls)) {
      const name = new URL(url).pathname.slice(1);
      if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Nom de base refusé : ${name}`);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await admin.end();
  }
}

export interface Column {
  name: string;
  /** PostgreSQL array element type of the unnest parameter: text, int, uuid, timestamptz, date, boolean, jsonb… */
  type: string;
}

/**
 * Inserts rows column-wise with one `INSERT … SELECT FROM unnest($1::t1[], $2::t2[], …)` per batch: a few
 * statements for hundreds of thousands of rows. jsonb and text[] columns travel as text and are cast.
 */
export async function insertColumns(client: Client, table: string, columns: Column[], values: unknown[][], batch = 20_000): Promise<number> {
  const rows = values[0]?.length ?? 0;
  const wire = (t: string) => (t === 'jsonb' || t === 'text[]' || t === 'bytea' ? 'text' : t);
  const select = columns.map((c, i) => (wire(c.type) === c.type ? `c${i}` : `c${i}::${c.type}`)).join(', ');
  const unnest = columns.map((c, i) => `$${i + 1}::${wire(c.type)}[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  for (let start = 0; start < rows; start += batch) {
    await client.query(
      `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) SELECT ${select} FROM unnest(${unnest}) AS u(${aliases})`,
      values.map((column) => column.slice(start, start + batch)),
    );
  }
  return rows;
}
