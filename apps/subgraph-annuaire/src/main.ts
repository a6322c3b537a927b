import 'reflect-metadata';
import { createLogger, openDatabase, startSubgraphServer } from '@esms/server-kit';
import { loadDemoData } from './demo/load-demo';
import { identityMailOutbox, seedDemoAccounts } from './identity';
import { syncReferenceData } from './regions/reference-sync';
import { definition, entities, internalRoutes, migrations } from './subgraph';

async function main() {
  const logger = createLogger('annuaire');
  const db = await openDatabase({ name: 'annuaire', entities, migrations });
  const synced = await syncReferenceData(db.dataSource);
  logger.info(synced, 'données de référence synchronisées (régions, départements, ARS, GRADeS, acteurs)');
  if (process.env['ESMS_DEMO'] === '1') {
    await loadDemoData(db.dataSource, logger);
    await db.dataSource.transaction((manager) => seedDemoAccounts(manager));
  }

  // Account e-mails (server-kit outbox_email): sent at start-up, then polled; each sign-up / reset also flushes after its commit.
  const mail = identityMailOutbox(db.dataSource, { logger }).start();

  const subgraph = await startSubgraphServer({
    definition,
    db: db.dataSource,
    port: Number(process.env['PORT'] ?? 4001),
    host: process.env['HOST'] ?? '127.0.0.1',
    internalRoutes,
    logger,
  });
  logger.info({ url: subgraph.url, database: db.kind }, `sous-graphe annuaire prêt sur ${subgraph.url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'arrêt du sous-graphe annuaire');
    try {
      await subgraph.stop();
      await mail.stop();
      await db.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'arrêt incomplet');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error('Le sous-graphe annuaire n’a pas pu démarrer :', error);
  process.exit(1);
});
