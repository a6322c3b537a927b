/*
 * `npm run bench:dashboard`: latency of the CNSA national dashboard on the national volume of
 * `npm run scale:generate` (PostgreSQL databases <prefix>_annuaire, _candidature, _grading_grid), through the
 * gateway as web-cnsa sends it, and the same aggregates straight in SQL (the floor), printed side by side.
 *
 * 1. The stack on the scale databases with ESMS_SQL_LOG=1: one dashboard (warm), a second one whose SQL
 *    statements are read back from the candidature subgraph's log (the floor's statements).
 * 2. The stack again without the SQL log (NODE_ENV=production): warm-up, then BENCH_DASHBOARD_SAMPLES rounds,
 *    each one dashboard through the gateway then the captured reads replayed on PostgreSQL (same pool size
 *    and parallelism as the service), one after the other (the interleaving keeps the comparison fair on a
 *    shared machine). p50/p95/max of each, written to tools/bench/results/<date>-dashboard.json.
 *
 * Knobs: SCALE_SERVER_URL / SCALE_PREFIX (as the generator), DATABASE_URL_* (override), BENCH_DASHBOARD_SAMPLES
 * (60), BENCH_DASHBOARD_WARMUP (5), BENCH_DASHBOARD_FILTER (JSON of a DashboardFilter, default none).
 */
import { startStack, WORKSPACE_ROOT, type RunningStack } from '@esms/stack';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { parseQueryLog, readStatements, type LoggedStatement } from './dashboard-sql';
import { databaseUrlKey, SUBGRAPH_DATABASES } from './databases';
import { formatNumber, median, percentile, renderTable } from './stats';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const CONFIG = {
  samples: env('BENCH_DASHBOARD_SAMPLES', 60),
  warmup: env('BENCH_DASHBOARD_WARMUP', 5),
  filter: process.env['BENCH_DASHBOARD_FILTER'] ? JSON.parse(process.env['BENCH_DASHBOARD_FILTER']) : null,
};
const CNSA = { email: 'cnsa@demo.esms-numerique.fr', password: 'demo-esms-numerique-2026' };

const started = Date.now();
const log = (line: string) => console.log(`[bench:dashboard ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** The scale databases: DATABASE_URL_* when set, else <prefix>_<subgraph> on the server (as scale:generate). */
function scaleDatabaseEnv(): Record<string, string> {
  const server = process.env['SCALE_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const prefix = process.env['SCALE_PREFIX'] ?? 'esms_scale';
  const out: Record<string, string> = {};
  for (const name of SUBGRAPH_DATABASES) {
    const key = databaseUrlKey(name);
    const url = new URL(server);
    url.pathname = `/${prefix}_${name.replace(/\W/g, '_')}`;
    out[key] = process.env[key] ?? url.toString();
  }
  return out;
}

/** web-cnsa's own document (the gateway's allow-list holds it; production refuses any other from a browser). */
function dashboardDocument(): string {
  const list = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'apps/gateway/persisted-operations.json'), 'utf8')) as { operations: Record<string, string> };
  const text = Object.values(list.operations).find((t) => t.includes('query NationalDashboard('));
  if (!text) throw new Error('NationalDashboard absent de apps/gateway/persisted-operations.json (npx nx run gateway:persisted-operations).');
  return text;
}

async function login(gatewayUrl: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(CNSA) });
  const token = /esms_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (!response.ok || !token) throw new Error(`CNSA login failed (${response.status}): ${await response.text()} — was the volume generated with the demo accounts (npm run scale:generate)?`);
  return token;
}

interface DashboardAnswer {
  france: { files: number; amountRequested: number; amountGranted: number; amountPaid: number; essmsCovered: number };
  regions: unknown[];
  usageTargets: { months: unknown[] };
}

async function dashboard(stack: RunningStack, cookie: string, query: string): Promise<{ ms: number; answer: DashboardAnswer }> {
  const t0 = performance.now();
  const response = await fetch(stack.gatewayGraphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `esms_session=${cookie}` },
    body: JSON.stringify({ query, variables: { filter: CONFIG.filter } }),
  });
  const body = (await response.json()) as { data?: { nationalDashboard: DashboardAnswer }; errors?: unknown[] };
  const ms = performance.now() - t0;
  if (!response.ok || body.errors?.length || !body.data) throw new Error(`dashboard: HTTP ${response.status} ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  return { ms, answer: body.data.nationalDashboard };
}

async function volume(candidatureUrl: string, annuaireUrl: string) {
  const c = new Client({ connectionString: candidatureUrl });
  const a = new Client({ connectionString: annuaireUrl });
  await Promise.all([c.connect(), a.connect()]);
  try {
    const [files, members, measurements, payments, essms] = await Promise.all([
      c.query(`SELECT count(*)::int AS n FROM candidature`),
      c.query(`SELECT count(*)::int AS n FROM grappe_member`),
      c.query(`SELECT count(*)::int AS n FROM usage_measurement`),
      c.query(`SELECT count(*)::int AS n FROM payment`),
      a.query(`SELECT count(*)::int AS n FROM establishment`),
    ]);
    return { essms: essms.rows[0].n, candidatures: files.rows[0].n, grappeMembers: members.rows[0].n, measurements: measurements.rows[0].n, payments: payments.rows[0].n };
  } finally {
    await Promise.all([c.end(), a.end()]);
  }
}

function machine() {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${release()}`,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function main() {
  const description = machine();
  const databaseEnv = scaleDatabaseEnv();
  const data = await volume(databaseEnv[databaseUrlKey('candidature')], databaseEnv[databaseUrlKey('annuaire')]).catch((error) => {
    throw new Error(`Scale databases not readable (${error.message}): run \`npm run scale:generate\` first.`);
  });
  log(`machine: ${description.cpus} CPU ${description.cpuModel}, ${description.memoryGiB} GiB, load ${description.loadAverageAtStart.join(' / ')}`);
  log(`volume: ${JSON.stringify(data)}`);
  const query = dashboardDocument();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dataDir = join(WORKSPACE_ROOT, 'tmp', 'bench-dashboard', stamp);
  mkdirSync(dataDir, { recursive: true });
  process.env['ESMS_GATEWAY_SECRET'] ??= randomBytes(32).toString('hex');
  const base = { demo: true, webApps: false, ports: { gateway: 0, annuaire: 0, candidature: 0, 'grading-grid': 0 } };

  // ---- 1. The statements of one dashboard, from the candidature subgraph's SQL log.
  let statements: LoggedStatement[];
  let stack = await startStack({ ...base, dataDir: join(dataDir, 'capture'), env: { ...databaseEnv, ESMS_SQL_LOG: '1', LOG_LEVEL: 'warn' } });
  try {
    const cookie = await login(stack.urls.gateway);
    const first = await dashboard(stack, cookie, query);
    log(`first dashboard (facts refreshed if stale): ${first.ms.toFixed(0)} ms`);
    await new Promise((r) => setTimeout(r, 500));
    const logPath = join(stack.logDir, 'candidature.log');
    const before = readFileSync(logPath, 'utf8').length;
    await dashboard(stack, cookie, query);
    await new Promise((r) => setTimeout(r, 500));
    statements = readStatements(parseQueryLog(readFileSync(logPath, 'utf8').slice(before)));
  } finally {
    await stack.stop();
  }
  if (!statements.length) throw new Error('No SQL statement captured from the candidature log (ESMS_SQL_LOG=1).');
  log(`floor: ${statements.length} read statements captured`);

  // ---- 2. Measured: gateway and SQL floor, interleaved.
  stack = await startStack({ ...base, dataDir: join(dataDir, 'measure'), env: { ...databaseEnv, NODE_ENV: 'production', ESMS_INSECURE_COOKIES: '1', LOG_LEVEL: 'warn' } });
  const pool = new Pool({ connectionString: databaseEnv[databaseUrlKey('candidature')], max: 10 });
  const floorOnce = async () => {
    const t0 = performance.now();
    await Promise.all(statements.map((s) => pool.query(s.sql, s.params)));
    return performance.now() - t0;
  };
  const gateway: number[] = [];
  const floor: number[] = [];
  let answer: DashboardAnswer;
  try {
    const cookie = await login(stack.urls.gateway);
    answer = (await dashboard(stack, cookie, query)).answer;
    for (let i = 0; i < CONFIG.warmup; i++) {
      await dashboard(stack, cookie, query);
      await floorOnce();
    }
    log(`warm-up done (${CONFIG.warmup}); measuring ${CONFIG.samples} rounds`);
    for (let i = 0; i < CONFIG.samples; i++) {
      gateway.push((await dashboard(stack, cookie, query)).ms);
      floor.push(await floorOnce());
    }
  } finally {
    await pool.end();
    await stack.stop();
  }

  const row = (label: string, values: number[]) => [label, String(values.length), formatNumber(percentile(values, 50), 1), formatNumber(percentile(values, 95), 1), formatNumber(Math.max(...values), 1)];
  const table = renderTable([
    ['path', 'samples', 'p50 ms', 'p95 ms', 'max ms'],
    row('national dashboard through the gateway (web-cnsa document, CNSA session)', gateway),
    row(`SQL floor: the subgraph's ${statements.length} reads replayed on PostgreSQL`, floor),
  ]);
  const loadAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  console.log(`\nESMS numérique — national dashboard benchmark (${new Date().toISOString().slice(0, 10)}, ${description.cpus} CPU ${description.cpuModel}, ${description.memoryGiB} GiB, Node ${description.node})`);
  console.log(`Load average at start ${description.loadAverageAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}.`);
  console.log(`Volume: ${data.essms} ESSMS, ${data.candidatures} candidatures, ${data.grappeMembers} grappe members, ${data.measurements} usage measurements, ${data.payments} payments.`);
  console.log(`France: ${answer.france.files} files, requested ${answer.france.amountRequested} €, granted ${answer.france.amountGranted} €, paid ${answer.france.amountPaid} €, ${answer.france.essmsCovered} ESSMS covered, ${answer.usageTargets.months.length} months of usage targets.\n`);
  console.log(table);
  console.log(`\ngateway p95 / floor p95: ${formatNumber(percentile(gateway, 95) / percentile(floor, 95), 2)}× (median ${formatNumber(median(gateway), 1)} ms vs ${formatNumber(median(floor), 1)} ms)`);

  const resultsDir = join(WORKSPACE_ROOT, 'tools/bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${new Date().toISOString().slice(0, 10)}-dashboard.json`);
  writeFileSync(
    path,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        command: 'npm run bench:dashboard',
        machine: { ...description, loadAverageAtEnd: loadAtEnd },
        config: CONFIG,
        data,
        france: answer.france,
        gateway: { p50Ms: percentile(gateway, 50), p95Ms: percentile(gateway, 95), maxMs: Math.max(...gateway), samplesMs: gateway.map((v) => Math.round(v * 10) / 10) },
        sqlFloor: { p50Ms: percentile(floor, 50), p95Ms: percentile(floor, 95), maxMs: Math.max(...floor), samplesMs: floor.map((v) => Math.round(v * 10) / 10), statements: statements.map((s) => s.sql.replace(/\s+/g, ' ').slice(0, 300)) },
        table,
        durationS: Math.round((Date.now() - started) / 1000),
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`Results written to ${path}`);
}

main().catch((error) => {
  console.error(`Dashboard benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
