/*
 * npm run scale:generate -- [--server-url postgres://postgres@127.0.0.1:5432/postgres] [--prefix esms_scale]
 *                            [--essms 42000] [--candidatures 3000] [--months 24] [--seed 2026]
 *
 * Loads a national volume into three dedicated PostgreSQL databases (<prefix>_annuaire, _candidature,
 * _grading_grid), dropped and recreated first (a rerun gives the same data):
 * 1. the annuaire: a generated FiNESS flow (the demo flow + ~40 000 ESSMS over the 18 regions) through the
 *    annuaire's own importer (`npm run import:finess`), which runs its migrations;
 * 2. the stack started once in demo mode: every subgraph runs its migrations, demo accounts (cnsa@…) are created;
 * 3. the candidature subgraph's tables in unnest batches: campaigns, candidatures, grappes, lifecycle events,
 *    conventions, payments and 24 monthly usage measurements per ESSMS of the funded files;
 * 4. the stack started again: the candidature subgraph computes the queue facts of the loaded files at start,
 *    then one national dashboard through the gateway (ESSMS fields read from the annuaire).
 * Environment: SCALE_SERVER_URL, SCALE_PREFIX (same as the flags).
 */
import { startStack, WORKSPACE_ROOT } from '@esms/stack';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recreateDatabases, scaleDatabases } from './database';
import { generateScaleFlow } from './flow';
import { loadCandidatures } from './load-candidature';
import { planCandidatures } from './plan';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1]) return process.argv[i + 1];
  return process.env[`SCALE_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback;
}

const started = Date.now();
const log = (line: string) => console.log(`[scale ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

export const CNSA = { email: 'cnsa@demo.esms-numerique.fr', password: 'demo-esms-numerique-2026' };

export async function login(gatewayUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const token = /esms_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (!response.ok || !token) throw new Error(`Connexion de ${email} refusée (${response.status}) : ${await response.text()}`);
  return decodeURIComponent(token);
}

async function main() {
  const serverUrl = option('server-url', 'postgres://postgres@127.0.0.1:5432/postgres');
  const prefix = option('prefix', 'esms_scale');
  const config = { essms: Number(option('essms', '42000')), candidatures: Number(option('candidatures', '3000')), months: Number(option('months', '24')), seed: Number(option('seed', '2026')) };
  if (!/^[a-z][a-z0-9_]*$/.test(prefix)) throw new Error('--prefix : lettres minuscules, chiffres et _ seulement.');
  const databases = scaleDatabases(serverUrl, prefix);
  const dataDir = join(WORKSPACE_ROOT, 'tmp', 'scale');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  log(`configuration ${JSON.stringify(config)}; bases ${Object.values(databases.urls).join(', ')}`);

  await recreateDatabases(serverUrl, databases);
  log('bases recréées');

  // 1. Annuaire: the demo flow (the demo files refer to its ESSMS) + the generated national flow, one import.
  const demo = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'tools/demo-data/demo-structures.json'), 'utf8')) as { pmej: Record<string, unknown>[] };
  const reserved = [...JSON.stringify(demo.pmej).matchAll(/"(\d{2}[0-9AB]\d{6})"/g)].map((m) => m[1]);
  const flow = generateScaleFlow({ target: config.essms, seed: config.seed, reserved });
  const flowPath = join(dataDir, 'scale-structures.json');
  writeFileSync(flowPath, JSON.stringify({ ...flow.document, pmej: [...demo.pmej, ...flow.document.pmej] }));
  log(`flux FiNESS : ${flow.organismes.length} organismes, ${flow.essmsCount} ESSMS générés (+ le flux de démonstration) → import`);
  const imported = execFileSync(process.execPath, ['-r', '@swc-node/register', 'apps/subgraph-annuaire/src/finess/import-command.ts', flowPath], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...databases.env, ESMS_DATA_DIR: dataDir, SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'tsconfig.base.json'), LOG_LEVEL: 'error' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  log(imported.trim().split('\n').slice(0, 3).join(' | '));

  // 2. Every subgraph's migrations and the demo accounts.
  const stackOptions = { dataDir, demo: true, webApps: false, env: { ...databases.env, LOG_LEVEL: 'warn' }, ports: { gateway: 0, annuaire: 0, candidature: 0, 'grading-grid': 0 } };
  let stack = await startStack(stackOptions);
  await stack.stop();
  log('migrations et données de démonstration en place');

  // 3. Candidatures and everything after them.
  const plan = planCandidatures(flow.organismes, { count: config.candidatures, seed: config.seed });
  const counts = await loadCandidatures(databases.urls.candidature, plan, { seed: config.seed, months: config.months, onProgress: log });
  log(`chargé : ${JSON.stringify(counts)}`);

  // 4. Queue facts computed by the candidature subgraph at start (each file in its own transaction: when a slow
  //    machine exceeds the stack's start-up allowance, a new start goes on where the previous one stopped);
  //    the national facts on the first dashboard.
  for (let attempt = 1; ; attempt++) {
    try {
      stack = await startStack(stackOptions);
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
      log(`démarrage ${attempt} : ${(error as Error).message.split('\n')[0]} — nouvelle tentative (les faits déjà calculés sont gardés)`);
    }
  }
  try {
    log('pile redémarrée (faits de file calculés par le sous-graphe candidature)');
    const token = await login(stack.urls.gateway, CNSA.email, CNSA.password);
    const t0 = Date.now();
    const response = await fetch(stack.gatewayGraphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `esms_session=${encodeURIComponent(token)}` },
      body: JSON.stringify({ query: '{ nationalDashboard { france { files filesGranted amountGranted amountPaid essmsCovered } usageTargets { months { month } } notes } }' }),
    });
    const body = (await response.json()) as { data?: { nationalDashboard: { france: unknown; usageTargets: { months: unknown[] }; notes: string[] } }; errors?: unknown };
    if (!body.data) throw new Error(`Tableau de bord : ${JSON.stringify(body.errors)}`);
    log(`premier tableau de bord (${Date.now() - t0} ms) : ${JSON.stringify(body.data.nationalDashboard.france)}, ${body.data.nationalDashboard.usageTargets.months.length} mois de mesures`);
  } finally {
    await stack.stop();
  }
  log(`terminé en ${((Date.now() - started) / 1000).toFixed(0)} s. Pour servir ce volume :`);
  console.log(Object.entries(databases.env).map(([k, v]) => `${k}=${v}`).join(' ') + ' npm start');
}

main().catch((error) => {
  console.error(`Génération interrompue : ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
