import 'reflect-metadata';
import { createLogger, openDatabase, startSubgraphServer } from '@esms/server-kit';
import { loadDemoData } from './demo/demo-data';
import { syncShippedGrids } from './reference/sync-grids';
import { SUBGRAPH_NAME, definition, entities, migrations } from './subgraph';

async function main() {
  const logger = createLogger(SUBGRAPH_NAME);
  const db = await openDatabase({ name: SUBGRAPH_NAME, entities, migrations });
  const { inserted } = await syncShippedGrids(db.dataSource);
  if (inserted.length > 0) logger.info({ inserted }, 'reference grids inserted');
  if (process.env['ESMS_DEMO'] === '1') {
    const demo = await loadDemoData(db.dataSource);
    logger.info(demo, 'demo data');
  }
  const port = Number(process.env['PORT'] ?? 4003);
  const server = await startSubgraphServer({ definition, db: db.dataSource, port, host: process.env['HOST'] ?? '127.0.0.1', logger });
  logger.info({ url: server.url, database: db.kind }, `subgraph ${SUBGRAPH_NAME} listening on ${server.url}`);

  const shutdown = async () => {
    await server.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
