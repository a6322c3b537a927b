import 'reflect-metadata';
import { createLogger } from '@esms/server-kit';
import { defaultSupergraphPath, subgraphsFromEnv } from './compose';
import { startGateway } from './server';

async function main() {
  const logger = createLogger('gateway');
  const subgraphs = subgraphsFromEnv();
  const gateway = await startGateway({
    port: Number(process.env['PORT'] ?? 4000),
    host: process.env['HOST'] ?? '127.0.0.1',
    subgraphs,
    supergraphPath: defaultSupergraphPath(),
    waitForSubgraphsMs: Number(process.env['ESMS_COMPOSE_WAIT_MS'] ?? 60_000),
    logger,
  });
  logger.info({ subgraphs: subgraphs.map((s) => s.name) }, `passerelle prête sur ${gateway.graphqlUrl}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'arrêt de la passerelle');
    await gateway.stop().catch((error) => logger.error({ err: error }, 'arrêt incomplet'));
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error('La passerelle n’a pas pu démarrer :', (error as Error).message);
  process.exit(1);
});
