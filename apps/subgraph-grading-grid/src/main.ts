import 'reflect-metadata';
import { createLogger, openDatabase, startSubgraphServer } from '@esms/server-kit';
import { decisionMailOutbox } from './committees/decision-mail';
import { outboxHandlers } from './committees/handlers';
import { OutboxDispatcher } from './committees/outbox';
import { loadDemoData } from './demo/demo-data';
import { syncDemoGrids } from './reference/demo-grids';
import { syncShippedGrids } from './reference/sync-grids';
import { SUBGRAPH_NAME, definition, entities, httpRoutes, migrations } from './subgraph';

async function main() {
  const logger = createLogger(SUBGRAPH_NAME);
  const db = await openDatabase({ name: SUBGRAPH_NAME, entities, migrations });
  const { inserted } = await syncShippedGrids(db.dataSource);
  if (inserted.length > 0) logger.info({ inserted }, 'reference grids inserted');
  if (process.env['ESMS_DEMO'] === '1') {
    const demoGrids = await syncDemoGrids(db.dataSource); // the grid of the fictional open campaign normandie-2026-demo
    if (demoGrids.inserted.length > 0) logger.info({ inserted: demoGrids.inserted }, 'demo grids inserted');
    const demo = await loadDemoData(db.dataSource);
    logger.info(demo, 'demo data');
  }
  const port = Number(process.env['PORT'] ?? 4003);
  const server = await startSubgraphServer({ definition, httpRoutes, db: db.dataSource, port, host: process.env['HOST'] ?? '127.0.0.1', logger });
  logger.info({ url: server.url, database: db.kind }, `subgraph ${SUBGRAPH_NAME} listening on ${server.url}`);
  // Committee decisions → candidature subgraph (events/apply) and decision letters → e-mail, at least once.
  const dispatcher = new OutboxDispatcher(db.dataSource, outboxHandlers(db.dataSource), { intervalMs: Number(process.env['ESMS_OUTBOX_INTERVAL_MS'] ?? 2000), logger }).start();
  // E-mail outbox (server-kit outbox_email: decision letters), sent at start-up, then polled and kicked after each decision.
  const mail = decisionMailOutbox(db.dataSource, { logger }).start();

  const shutdown = async () => {
    await dispatcher.stop();
    await mail.stop();
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
