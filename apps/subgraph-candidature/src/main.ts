import 'reflect-metadata';
import { createLogger, openDatabase, startSubgraphServer } from '@esms/server-kit';
import { ensureShippedCampaigns } from './campaigns/campaign.service';
import { loadDemoData } from './demo/load-demo';
import { ensureDemoOpenCampaign } from './submission/demo-campaign';
import { definition, entities, httpRoutes, internalRoutes, migrations } from './subgraph';
import { refreshMissingQueueFacts } from './queue/queue-facts';
import { antivirusMode } from './pieces/antivirus';
import { rescanPieces } from './pieces/pieces.service';
import { mailOutbox } from './submission/mail-outbox';
import { startWebhookDispatcher } from './webhooks/webhook.service';

async function main() {
  const logger = createLogger('candidature');
  const db = await openDatabase({ name: 'candidature', entities, migrations });
  // The calendars shipped with the domain (003 Normandie 2024, 001 PACA 2023) are programme data.
  await ensureShippedCampaigns(db.dataSource);
  if (process.env['ESMS_DEMO'] === '1') {
    await ensureDemoOpenCampaign(db.dataSource); // an OPEN demo calendar (src/submission/demo-campaign.ts)
    const demo = await loadDemoData(db.dataSource);
    logger.info(demo, demo.loaded ? 'demo candidatures loaded' : 'demo candidatures not loaded');
  }
  // Queue facts (total, ESSMS count, eligibility flags, ESSMS names) of files loaded without them.
  const refreshed = await refreshMissingQueueFacts(db.dataSource);
  if (refreshed) logger.info({ refreshed }, 'queue facts computed');
  const subgraph = await startSubgraphServer({
    definition,
    internalRoutes,
    ...({ httpRoutes } as Record<string, unknown>), // server-kit httpRoutes option (exports under /files/*)
    db: db.dataSource,
    port: Number(process.env['PORT'] ?? 4002),
    host: process.env['HOST'] ?? '127.0.0.1',
    logger,
  });
  logger.info({ url: subgraph.url, database: db.kind }, `subgraph-candidature listening on ${subgraph.url}`);
  // Webhook deliveries (outbox written with the state changes), sent in the background.
  const webhooks = startWebhookDispatcher(db.dataSource, { logger, intervalMs: Number(process.env['ESMS_WEBHOOKS_INTERVAL_MS'] ?? 2000) });
  // E-mail outbox (confirmation e-mails written in the submission's transaction) and the antivirus retry job.
  const outbox = mailOutbox(db.dataSource, logger).start();
  const av = antivirusMode();
  if (av.kind === 'off') logger.warn('ESMS_ANTIVIRUS=off: pieces are NOT scanned (marked SAFE_UNSCANNED) — development only');
  if (av.kind === 'unconfigured') logger.warn('no ESMS_CLAMD_SOCKET / ESMS_CLAMD_HOST: pieces stay PENDING (fail closed) until a scanner answers');
  const rescanPending = () => void rescanPieces(db.dataSource).catch((err) => logger.error({ err }, 'antivirus rescan failed'));
  const rescan = setInterval(rescanPending, Number(process.env['ESMS_RESCAN_INTERVAL_MS'] ?? 60_000));
  rescanPending();
  const stop = async () => {
    clearInterval(rescan);
    await outbox.stop();
    webhooks.stop();
    await subgraph.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
