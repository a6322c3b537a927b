import { startStack } from '@esms/stack';
import { createCandidatures, organismesOf } from './seed';
import { readFileSync } from 'node:fs';
async function main() {
  process.env.ESMS_GATEWAY_SECRET = 'x'.repeat(40);
  const stack = await startStack({ dataDir: process.argv[2], demo: true, webApps: false, ports: { gateway: 0, annuaire: 0, candidature: 0, 'grading-grid': 0 } });
  const flow = JSON.parse(readFileSync(process.argv[2] + '/bench-structures.json', 'utf8'));
  const t = Date.now();
  try {
    console.log(await createCandidatures({ candidatureGraphqlUrl: stack.urls.candidature + '/graphql', organismes: organismesOf(flow), campaignId: 'normandie-2024', count: Number(process.argv[3]), concurrency: Number(process.argv[4]) }), Date.now() - t, 'ms');
  } catch (e) { console.log(String(e)); }
  await stack.stop();
}
main();
