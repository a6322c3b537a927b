/** Test harness: a fresh annuaire database (PGlite in memory, or PostgreSQL with ESMS_TEST_POSTGRES=1) and the real server on port 0. */
import type { Database, RunningSubgraph } from '@esms/server-kit';
import { startSubgraphServer } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase } from '@esms/server-kit/testing';
import { readFileSync } from 'node:fs';
import { identityMailOutbox } from '../identity/identity-mail';
import { syncReferenceData } from '../regions/reference-sync';
import { applyFinessImport } from '../finess/apply-import';
import { parseFinessFlow } from '../finess/finess-flow';
import { definition, entities, internalRoutes, migrations } from '../subgraph';

export const SAMPLE_FLOW_PATH = '/work/shared/data/finess/sample-structures.json';

export interface AnnuaireTestServer {
  db: Database;
  subgraph: RunningSubgraph;
  /** Base URL for /internal/ routes. */
  baseUrl: string;
  /** SQL statements run since the last reset (counted through the TypeORM logger). */
  queries: string[];
  stop(): Promise<void>;
}

export function readSampleFlow(path = SAMPLE_FLOW_PATH): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export async function startAnnuaireForTest(options: { importSample?: boolean } = {}): Promise<AnnuaireTestServer> {
  ensureTestSecret();
  const db = await openTestDatabase({ name: 'annuaire', entities, migrations });
  await syncReferenceData(db.dataSource);
  if (options.importSample) await applyFinessImport(db.dataSource, parseFinessFlow(readSampleFlow()), { fileName: 'sample-structures.json' });
  const queries: string[] = [];
  const logger = db.dataSource.logger;
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (query, parameters, runner) => {
    queries.push(query);
    return original(query, parameters, runner);
  };
  const subgraph = await startSubgraphServer({ definition, db: db.dataSource, port: 0, internalRoutes });
  return {
    db,
    subgraph,
    baseUrl: `http://127.0.0.1:${subgraph.port}`,
    queries,
    async stop() {
      await subgraph.stop();
      await identityMailOutbox(db.dataSource).stop(); // waits for a send started by a sign-up
      await db.close();
    },
  };
}
