/*
 * `npm run bench`: our gateway against Hive Gateway and against the subgraph itself (the floor), on
 * realistic volumes, interleaved (A B C, A B C … for N rounds, warm-up discarded), all on 127.0.0.1.
 * Prints one table and the budgets (PASS/FAIL, never a failing exit code for a missed budget), and
 * writes tools/bench/results/<date>.json with the machine's description.
 *
 * Knobs (environment): BENCH_ROUNDS (5), BENCH_CLOSED_S (3), BENCH_OPEN_S (3), BENCH_RATE (50, caps the
 * per-scenario open-loop rates Q1 50, Q2 10, Q3 25 req/s),
 * BENCH_CONNECTIONS (8), BENCH_CANDIDATURES (2000), BENCH_FLOW_COPIES (10), BENCH_FRONTEND (1),
 * BENCH_KEEP_DATA (0).
 */
import { PUBLIC_CLAIMS, CLAIMS_HEADER, serviceClaims, signClaims, type Claims } from '@esms/server-kit';
import { freePort, startStack, WORKSPACE_ROOT, type RunningStack } from '@esms/stack';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { cpus, totalmem, release, loadavg } from 'node:os';
import { join } from 'node:path';
import { readCounters, perRequest } from './counters';
import { openBenchDatabases, type BenchDatabases } from './databases';
import { buildAndMeasure, type AppWeight } from './frontend';
import { closedLoop, openLoop, sequential, type HttpTarget } from './load';
import { pidListeningOn, processCpuMs } from './proc';
import { markBenchCandidaturesSubmitted, createCandidatures, importFlow, organismesOf, writeScaledFlow } from './seed';
import { scenarios, Q2_QUERY, REGION, type Scenario, type ScenarioId } from './scenarios';
import { checkBudget, formatBudget, formatNumber, formatRatio, median, percentile, ratio, relativeSpread, renderTable, type BudgetCheck } from './stats';

const env = (name: string, fallback: number) => (process.env[name] !== undefined && process.env[name] !== '' ? Number(process.env[name]) : fallback);
const CONFIG = {
  rounds: env('BENCH_ROUNDS', 5),
  closedS: env('BENCH_CLOSED_S', 3),
  openS: env('BENCH_OPEN_S', 3),
  rate: env('BENCH_RATE', 50),
  connections: env('BENCH_CONNECTIONS', 8),
  warmupS: env('BENCH_WARMUP_S', 2),
  candidatures: env('BENCH_CANDIDATURES', 2000),
  flowCopies: env('BENCH_FLOW_COPIES', 10),
  countingRequests: env('BENCH_COUNTING_REQUESTS', 20),
  frontend: env('BENCH_FRONTEND', 1) === 1,
  keepData: env('BENCH_KEEP_DATA', 0) === 1,
};

type PathId = 'direct' | 'ours' | 'hive';
const PATH_LABEL: Record<PathId, string> = { direct: 'subgraph direct (floor)', ours: 'our gateway (Apollo)', hive: 'Hive Gateway' };
const PATHS: PathId[] = ['direct', 'ours', 'hive'];

interface RoundFigures {
  rps: number;
  requests: number;
  cpuMs: number | null;
  errors: number;
}
interface Cell {
  scenario: ScenarioId;
  rate: number;
  path: PathId;
  target: HttpTarget;
  rounds: RoundFigures[];
  openLatencies: number[];
  /** p99 of each round's open loop: a machine-wide pause spoils one round, not the median of rounds. */
  openP99Rounds: number[];
  openErrors: number;
  subgraphRequestsPerRequest: number;
  sqlStatementsPerRequest: number;
}

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const log = (message: string) => console.log(`[bench ${elapsed().padStart(5)}] ${message}`);

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

async function waitForGraphql(url: string, child: ChildProcess, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`Hive Gateway stopped during start-up (code ${child.exitCode}).`);
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (response.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Hive Gateway did not answer on ${url}.`);
}

async function startHive(options: { dataDir: string; supergraphPath: string; sessions: Record<string, Claims> }) {
  const port = await freePort();
  const logFile = createWriteStream(join(options.dataDir, 'logs', 'hive-gateway.log'), { flags: 'a' });
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/bench/src/hive-gateway.ts'], {
    cwd: WORKSPACE_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      NODE_ENV: 'production',
      HIVE_SUPERGRAPH_PATH: options.supergraphPath,
      HIVE_SESSIONS: JSON.stringify(options.sessions),
      SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(logFile);
  child.stderr?.pipe(logFile);
  const url = `http://127.0.0.1:${port}/graphql`;
  await waitForGraphql(url, child, 60_000);
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        logFile.end();
        done();
      });
      child.kill('SIGTERM');
    });
  return { url, pid: child.pid as number, stop };
}

async function login(gatewayUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const cookie = response.headers.get('set-cookie') ?? '';
  const token = /esms_session=([^;]+)/.exec(cookie)?.[1];
  if (!response.ok || !token) throw new Error(`Login of ${email} failed (${response.status}): ${await response.text()}`);
  return decodeURIComponent(token);
}

async function sessionClaims(annuaireUrl: string, token: string): Promise<Claims> {
  const response = await fetch(`${annuaireUrl}/internal/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signClaims(serviceClaims('bench')) },
    body: JSON.stringify({ token }),
  });
  const body = (await response.json()) as { claims?: Claims | null };
  if (!body.claims) throw new Error('The annuaire did not resolve the bench session.');
  return body.claims;
}

async function checkTarget(target: HttpTarget, scenario: Scenario, label: string) {
  const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body });
  const text = await response.text();
  let body: { data?: unknown; errors?: { message: string }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${scenario.id} via ${label}: HTTP ${response.status}, not JSON: ${text.slice(0, 300)}`);
  }
  if (!response.ok || body.errors?.length) throw new Error(`${scenario.id} via ${label}: HTTP ${response.status} ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  const problem = scenario.check(body.data);
  if (problem) throw new Error(`${scenario.id} via ${label}: ${problem}`);
}

async function main() {
  const description = machine();
  log(`machine: ${description.cpus} CPU (${description.cpuModel}), ${description.memoryGiB} GiB, Node ${description.node}`);
  log(`config: ${JSON.stringify(CONFIG)}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dataDir = join(WORKSPACE_ROOT, 'tmp', 'bench', stamp);
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  process.env['ESMS_GATEWAY_SECRET'] = randomBytes(32).toString('hex');
  const supergraphPath = join(dataDir, 'supergraph.graphql');
  const databases: BenchDatabases = await openBenchDatabases();
  log(`databases: ${databases.kind === 'postgresql' ? `PostgreSQL (${Object.keys(databases.env).length} fresh databases)` : 'PGlite (no PostgreSQL server answered; seeding one request at a time)'}`);
  const stackEnv = { ...databases.env, NODE_ENV: 'production', ESMS_INSECURE_COOKIES: '1', SUPERGRAPH_PATH: supergraphPath, LOG_LEVEL: process.env['LOG_LEVEL'] };
  const stackOptions = { dataDir, demo: true, webApps: false, env: stackEnv, ports: { gateway: 0, annuaire: 0, candidature: 0, 'grading-grid': 0 } };

  let stack: RunningStack | undefined;
  let hive: Awaited<ReturnType<typeof startHive>> | undefined;
  const stopAll = async () => {
    await hive?.stop().catch(() => undefined);
    await stack?.stop().catch(() => undefined);
    await databases.drop().catch((error) => log(`could not drop the bench databases: ${error}`));
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

  try {
    // ---- Data volume ------------------------------------------------------------------------
    const flow = writeScaledFlow(WORKSPACE_ROOT, dataDir, CONFIG.flowCopies);
    log(`seed: FiNESS flow ×${CONFIG.flowCopies} = ${flow.flow.pmej.length} organismes, ${flow.essms} ESSMS; importing with the annuaire's importer`);
    const importOutput = importFlow(WORKSPACE_ROOT, dataDir, flow.path, databases.env);
    log(`seed: ${importOutput.trim().split('\n')[0]}`);

    stack = await startStack(stackOptions);
    log(`stack up (seeding): gateway ${stack.urls.gateway}`);
    const organismes = organismesOf(flow.flow);
    const seeding = await createCandidatures({
      candidatureGraphqlUrl: `${stack.urls.candidature}/graphql`,
      organismes,
      campaignId: 'normandie-2024',
      count: CONFIG.candidatures,
      concurrency: databases.kind === 'postgresql' ? 4 : 1,
      onProgress: (done) => log(`seed: ${done} candidatures created`),
    });
    const seeded = seeding.created;
    if (databases.kind === 'pglite') {
      await stack.stop();
      stack = undefined;
    }
    const submitted = await markBenchCandidaturesSubmitted({ postgresUrl: databases.urls.candidature, dataDir });
    log(`seed: ${seeded} candidatures created through the mutations (${seeding.retries} retries), ${submitted} marked submitted (bench-only SQL step)`);

    // ---- The measured processes ----------------------------------------------------------
    stack ??= await startStack(stackOptions);
    const gatewayPort = Number(new URL(stack.urls.gateway).port);
    const oursPid = pidListeningOn(gatewayPort);
    log(`stack up: gateway ${stack.urls.gateway} (pid ${oursPid}), candidature ${stack.urls.candidature}`);
    const token = await login(stack.urls.gateway, 'instructeur.normandie@demo.esms-numerique.fr', 'demo-esms-numerique-2026');
    const instructeur = await sessionClaims(stack.urls.annuaire, token);
    if (instructeur.regionCode !== REGION) throw new Error(`The demo instructeur is not in region ${REGION}.`);
    hive = await startHive({ dataDir, supergraphPath, sessions: { [token]: instructeur } });
    log(`Hive Gateway up: ${hive.url} (pid ${hive.pid}), same supergraph (${supergraphPath})`);

    const subgraphBases = [stack.urls.annuaire, stack.urls.candidature, stack.urls['grading-grid']];
    const pidOf: Record<PathId, number | null> = { direct: null, ours: oursPid, hive: hive.pid };
    const gatewayHeaders = (caller: Scenario['caller']): Record<string, string> => ({
      'content-type': 'application/json',
      ...(caller === 'instructeur' ? { cookie: `esms_session=${encodeURIComponent(token)}` } : {}),
    });
    const directClaims = { instructeur: await signClaims(instructeur, undefined, 3600), public: await signClaims(PUBLIC_CLAIMS, undefined, 3600) };

    const cells: Cell[] = [];
    for (const scenario of scenarios(50)) {
      const body = JSON.stringify({ query: scenario.query, variables: scenario.variables });
      const targets: Partial<Record<PathId, HttpTarget>> = {
        ours: { url: stack.gatewayGraphqlUrl, headers: gatewayHeaders(scenario.caller), body },
        hive: { url: hive.url, headers: gatewayHeaders(scenario.caller), body },
      };
      if (scenario.direct) {
        targets.direct = {
          url: `${stack.urls[scenario.direct.subgraph]}/graphql`,
          headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: directClaims[scenario.caller] },
          body: JSON.stringify({ query: scenario.direct.query, variables: scenario.direct.variables }),
        };
      }
      for (const path of PATHS) {
        const target = targets[path];
        if (!target) continue;
        await checkTarget(target, scenario, PATH_LABEL[path]);
        cells.push({ scenario: scenario.id, rate: Math.min(scenario.rate, CONFIG.rate), path, target, rounds: [], openLatencies: [], openP99Rounds: [], openErrors: 0, subgraphRequestsPerRequest: NaN, sqlStatementsPerRequest: NaN });
      }
    }
    log(`answers checked on every path (${cells.length} scenario × path cells)`);

    // ---- Exact counters (sequential requests, no concurrency) -------------------------------
    for (const cell of cells) {
      const before = await readCounters(subgraphBases);
      const { ok } = await sequential(cell.target, CONFIG.countingRequests);
      const after = await readCounters(subgraphBases);
      const per = perRequest(before, after, ok);
      cell.subgraphRequestsPerRequest = per.subgraphRequests;
      cell.sqlStatementsPerRequest = per.sqlStatements;
    }
    const nPlusOne: Record<string, { limit5: number; limit50: number }> = {};
    for (const path of ['ours', 'hive'] as const) {
      const base = cells.find((c) => c.scenario === 'Q2' && c.path === path);
      if (!base) continue;
      const sqlFor = async (limit: number) => {
        const target = { ...base.target, body: JSON.stringify({ query: Q2_QUERY, variables: { region: REGION, limit } }) };
        const before = await readCounters(subgraphBases);
        const { ok } = await sequential(target, CONFIG.countingRequests);
        return perRequest(before, await readCounters(subgraphBases), ok).sqlStatements;
      };
      nPlusOne[path] = { limit5: await sqlFor(5), limit50: await sqlFor(50) };
    }
    log(`counters: ${cells.map((c) => `${c.scenario}/${c.path} ${formatNumber(c.subgraphRequestsPerRequest, 2)} subgraph req, ${formatNumber(c.sqlStatementsPerRequest, 2)} SQL`).join(' · ')}`);

    // ---- Warm-up (discarded), then interleaved rounds --------------------------------------
    for (const cell of cells) await closedLoop(cell.target, { connections: CONFIG.connections, durationS: CONFIG.warmupS });
    log('warm-up done');
    for (let round = 1; round <= CONFIG.rounds; round++) {
      for (const scenarioId of ['Q1', 'Q2', 'Q3'] as ScenarioId[]) {
        for (const cell of cells.filter((c) => c.scenario === scenarioId)) {
          const pid = pidOf[cell.path];
          const cpuBefore = pid ? processCpuMs(pid) : null;
          const closed = await closedLoop(cell.target, { connections: CONFIG.connections, durationS: CONFIG.closedS });
          const cpuAfter = pid ? processCpuMs(pid) : null;
          cell.rounds.push({
            rps: closed.requestsPerSecond,
            requests: closed.requests,
            cpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
            errors: closed.errors + closed.non2xx,
          });
          const open = await openLoop(cell.target, { rate: cell.rate, durationS: CONFIG.openS });
          cell.openLatencies.push(...open.latenciesMs);
          cell.openP99Rounds.push(percentile(open.latenciesMs, 99));
          if (process.env['BENCH_DEBUG'] === '1') log(`${cell.scenario}/${cell.path} open loop slowest: ${open.slowest.map((s) => `#${s.index} ${s.ms.toFixed(0)} ms`).join(', ')}`);
          cell.openErrors += open.errors;
        }
      }
      log(`round ${round}/${CONFIG.rounds} done`);
    }

    // ---- Figures ------------------------------------------------------------------------------
    const summary = cells.map((cell) => {
      const rpsRounds = cell.rounds.map((r) => r.rps);
      const requests = cell.rounds.reduce((n, r) => n + r.requests, 0);
      const cpu = cell.rounds.every((r) => r.cpuMs !== null) ? cell.rounds.reduce((n, r) => n + (r.cpuMs ?? 0), 0) : NaN;
      return {
        scenario: cell.scenario,
        path: cell.path,
        openLoopRate: cell.rate,
        requestsPerSecond: median(rpsRounds),
        requestsPerSecondRounds: rpsRounds.map((v) => Math.round(v * 10) / 10),
        rpsSpread: relativeSpread(rpsRounds),
        p50Ms: percentile(cell.openLatencies, 50),
        p99Ms: percentile(cell.openLatencies, 99),
        p99MedianOfRoundsMs: median(cell.openP99Rounds),
        p99RoundsMs: cell.openP99Rounds.map((v) => Math.round(v * 10) / 10),
        openLoopSamples: cell.openLatencies.length,
        cpuMsPerRequest: ratio(cpu, requests),
        subgraphRequestsPerRequest: cell.subgraphRequestsPerRequest,
        sqlStatementsPerRequest: cell.sqlStatementsPerRequest,
        errors: cell.rounds.reduce((n, r) => n + r.errors, 0) + cell.openErrors,
      };
    });
    const find = (scenario: ScenarioId, path: PathId) => summary.find((s) => s.scenario === scenario && s.path === path);

    const header = ['scenario', 'path', 'req/s', 'at req/s', 'p50 ms', 'p99 ms', 'p99 med. rounds', 'CPU ms/req', 'subgraph req/req', 'SQL/req', 'ours/Hive req/s', 'gw/direct req/s', 'errors'];
    const rows = summary.map((s) => {
      const hiveRow = find(s.scenario, 'hive');
      const directRow = find(s.scenario, 'direct');
      return [
        s.scenario,
        PATH_LABEL[s.path],
        formatNumber(s.requestsPerSecond, 1),
        String(s.openLoopRate),
        formatNumber(s.p50Ms, 2),
        formatNumber(s.p99Ms, 2),
        formatNumber(s.p99MedianOfRoundsMs, 2),
        s.path === 'direct' ? '—' : formatNumber(s.cpuMsPerRequest, 2),
        formatNumber(s.subgraphRequestsPerRequest, 2),
        formatNumber(s.sqlStatementsPerRequest, 1),
        s.path === 'ours' ? formatRatio(ratio(s.requestsPerSecond, hiveRow?.requestsPerSecond)) : '',
        s.path !== 'direct' && directRow ? formatRatio(ratio(s.requestsPerSecond, directRow.requestsPerSecond)) : '',
        String(s.errors),
      ];
    });
    const table = renderTable([header, ...rows]);

    const q1Direct = find('Q1', 'direct');
    const q1Ours = find('Q1', 'ours');
    const budgets: BudgetCheck[] = [
      checkBudget(
        `Q1 p50 added by our gateway at ${CONFIG.rate} req/s`,
        (q1Ours?.p50Ms ?? NaN) - (q1Direct?.p50Ms ?? NaN),
        '<=',
        3,
        'ms',
        'see the CPU ms/req column: the gateway work per request (query planning cache, claims signing, armor, logging)',
      ),
      checkBudget(
        `Q1 p99 added by our gateway at ${CONFIG.rate} req/s (pooled rounds)`,
        (q1Ours?.p99Ms ?? NaN) - (q1Direct?.p99Ms ?? NaN),
        '<=',
        8,
        'ms',
        'pauses of the whole machine (all paths, Hive included, stall together for up to ~2 s): compare the median of rounds',
      ),
      checkBudget(
        `Q1 p99 added by our gateway at ${CONFIG.rate} req/s (median of rounds)`,
        (q1Ours?.p99MedianOfRoundsMs ?? NaN) - (q1Direct?.p99MedianOfRoundsMs ?? NaN),
        '<=',
        8,
        'ms',
        'the gateway work per request (CPU ms/req), GC pauses',
      ),
      ...(['Q1', 'Q2', 'Q3'] as ScenarioId[]).map((id) =>
        checkBudget(`${id} our req/s ÷ Hive Gateway's`, ratio(find(id, 'ours')?.requestsPerSecond, find(id, 'hive')?.requestsPerSecond), '>=', 1, '×', 'compare CPU ms/req of the two gateways'),
      ),
      ...Object.entries(nPlusOne).map(([path, v]) =>
        checkBudget(`Q2 SQL statements for 50 rows − for 5 rows (${PATH_LABEL[path as PathId]})`, v.limit50 - v.limit5, '<=', 0, 'statements', `${formatNumber(v.limit5, 1)} for 5 rows, ${formatNumber(v.limit50, 1)} for 50: an N+1 somewhere`),
      ),
    ];

    await hive.stop();
    hive = undefined;
    await stack.stop();
    stack = undefined;

    // ---- Front-end weight (after the servers stopped: the build uses both cores) -------------
    let weights: AppWeight[] = [];
    let buildError: string | undefined;
    if (CONFIG.frontend) {
      log('front-end: nx run-many -t build (web-porteur, web-instructeur, web-cnsa)');
      ({ weights, buildError } = buildAndMeasure(WORKSPACE_ROOT));
      for (const w of weights) {
        budgets.push(checkBudget(`${w.app} initial JS (gzip)`, w.gzipBytes / 1024, '<=', 200, 'kB', 'split routes with React.lazy + dynamic import()'));
      }
    }

    const loadAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
    console.log(`\nESMS numérique — benchmark (${new Date().toISOString().slice(0, 10)}, ${description.cpus} CPU ${description.cpuModel}, ${description.memoryGiB} GiB, Node ${description.node})`);
    console.log(`Load average (1/5/15 min) at start ${description.loadAverageAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}: above ${description.cpus}, other work shared the CPUs (absolute figures drop; interleaved ratios hold better).`);
    console.log(`${CONFIG.rounds} interleaved rounds; req/s: median of rounds, closed loop ${CONFIG.connections} connections × ${CONFIG.closedS} s; p50/p99: open loop at the fixed rate "at req/s" × ${CONFIG.openS} s per round, pooled; "p99 med. rounds": median of the rounds' p99.`);
    console.log(`Data (${databases.kind === 'postgresql' ? 'PostgreSQL' : 'PGlite'}): ${flow.essms} ESSMS (${flow.flow.pmej.length} organismes), ${seeded} bench candidatures + the demo ones.\n`);
    console.log(table);
    if (weights.length) {
      console.log('\nFront-end initial JavaScript (gzip): ' + weights.map((w) => `${w.app} ${formatNumber(w.gzipBytes / 1024, 1)} kB`).join(' · '));
      if (buildError) console.log(`(build reported an error: ${buildError.split('\n')[0]})`);
    }
    console.log('\nBudgets');
    for (const b of budgets) console.log(`  ${formatBudget(b)}`);
    console.log(`\nTotal time ${elapsed()}.`);

    const resultsDir = join(WORKSPACE_ROOT, 'tools/bench/results');
    mkdirSync(resultsDir, { recursive: true });
    const resultsPath = join(resultsDir, `${new Date().toISOString().slice(0, 10)}.json`);
    writeFileSync(
      resultsPath,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          command: 'npm run bench',
          machine: { ...description, loadAverageAtEnd: loadAtEnd },
          config: CONFIG,
          data: { database: databases.kind, essms: flow.essms, organismes: flow.flow.pmej.length, benchCandidatures: seeded, submitted },
          results: summary,
          nPlusOne,
          frontEnd: weights.map((w) => ({ app: w.app, initialJsGzipBytes: w.gzipBytes, files: w.files, error: w.error })),
          budgets,
          table,
          durationS: Math.round((Date.now() - started) / 1000),
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`Results written to ${resultsPath}`);
  } finally {
    await stopAll();
    if (!CONFIG.keepData) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error instanceof Error ? error.stack ?? error.message : error}`);
  process.exit(1);
});
