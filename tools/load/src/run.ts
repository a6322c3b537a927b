/*
 * `npm run load:deadline`: the deadline rush (issue 8, line 17) on the embedded default (PGlite) and on
 * PostgreSQL, one after the other, all on 127.0.0.1. For each database: prepare 500 porteurs with complete drafts,
 * start the stack with its clock one minute before closing, run the rush (rush.ts), read the candidature
 * subgraph's tables, check the invariants (invariants.ts), print one table. Writes tools/load/results/<date>.json
 * with the machine's description. Exit code 1 when an invariant is broken (performance is printed, not judged).
 *
 * Knobs (environment): LOAD_DATABASES (pglite,postgresql), LOAD_PORTEURS (500), LOAD_SUBMITTERS (200),
 * LOAD_DOUBLE_CLICKS (20), LOAD_REPLAYS (20), LOAD_LATE (10), LOAD_REPLAYS_AFTER_DEADLINE (5), LOAD_CONNECTIONS
 * (50), LOAD_LEAD_S (60: server time left before closing when the rush starts), LOAD_TIMEOUT_S (30), LOAD_PHASE_MAX_S
 * (150), LOAD_PREP_CONCURRENCY (4 on PGlite, 8 on PostgreSQL), LOAD_KEEP_DATA (0), ESMS_LOAD_POSTGRES_URL.
 */
import { departementsOfRegion } from '@esms/domain';
import { startStack, WORKSPACE_ROOT, type RunningStack } from '@esms/stack';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { openLoadDatabases, type DatabaseKind, type LoadDatabases } from './databases';
import { closingDateFor, closingInstant, clockOffsetFor, loadCampaignCalendar } from './deadline';
import { importFlow, writeLoadFlow } from './flow';
import { checkInvariants, type InvariantCheck } from './invariants';
import { commitToAnswerMs, summarize } from './observations';
import { planRush } from './plan';
import { login } from './gateway-client';
import { loginAll, openFiles, prepareDrafts, referencedSolution } from './prepare';
import { invariantLines, parisTime, rushTable } from './report';
import { cpuSeconds, pidListeningOn } from './proc';
import { runRush } from './rush';
import { formatMs, percentile } from './stats';
import { CNSA_EMAIL, insertAccounts, insertCampaign, readFacts } from './seed-sql';

const env = (name: string, fallback: number) => (process.env[name] !== undefined && process.env[name] !== '' ? Number(process.env[name]) : fallback);
const CONFIG = {
  databases: (process.env['LOAD_DATABASES'] ?? 'pglite,postgresql').split(',').map((s) => s.trim()).filter(Boolean) as DatabaseKind[],
  porteurs: env('LOAD_PORTEURS', 500),
  submitters: env('LOAD_SUBMITTERS', 200),
  doubleClicks: env('LOAD_DOUBLE_CLICKS', 20),
  replays: env('LOAD_REPLAYS', 20),
  lateSubmissions: env('LOAD_LATE', 10),
  replaysAfterDeadline: env('LOAD_REPLAYS_AFTER_DEADLINE', 5),
  connections: env('LOAD_CONNECTIONS', 50),
  leadS: env('LOAD_LEAD_S', 60),
  timeoutS: env('LOAD_TIMEOUT_S', 30),
  maxPhaseS: env('LOAD_PHASE_MAX_S', 150),
  prepConcurrency: process.env['LOAD_PREP_CONCURRENCY'] ? Number(process.env['LOAD_PREP_CONCURRENCY']) : null,
  keepData: env('LOAD_KEEP_DATA', 0) === 1,
};
const REGION = '28'; // Normandie: the demo flow's organismes with the most ESSMS there
const PASSWORD = `charge-${randomBytes(6).toString('hex')}`;

const started = Date.now();
const log = (message: string) => console.log(`[load ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${message}`);
/** Stops the stack of the run in progress (Ctrl-C, SIGTERM): no server is left behind. */
let stopActive: (() => Promise<void>) | null = null;
const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

function machine() {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${release()}`,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Confirmation e-mails written by the mailer (one .eml per message, named after the recipient) for the load's porteurs. */
const mailsWritten = (outboxDir: string) => (existsSync(outboxDir) ? readdirSync(outboxDir).filter((f) => f.includes('charge.esms-numerique.test')).length : 0);

async function runOne(kind: DatabaseKind, stamp: string) {
  const runStarted = Date.now();
  const dataDir = join(WORKSPACE_ROOT, 'tmp', 'load', `${stamp}-${kind}`);
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const databases: LoadDatabases = await openLoadDatabases(kind, dataDir);
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = Math.round((Date.now() - since) / 100) / 10);
  let stack: RunningStack | undefined;
  const stackEnv = (extra: Record<string, string | undefined> = {}) => ({
    ...databases.env,
    // Pieces are uploaded during the preparation, not in the rush: no scanner in the loop (they show « non analysée »).
    ESMS_ANTIVIRUS: 'off',
    SMTP_URL: undefined,
    NODE_ENV: undefined,
    ESMS_CLOCK_OFFSET_MS: undefined,
    LOG_LEVEL: process.env['LOG_LEVEL'],
    ...extra,
  });
  const start = (extra: Record<string, string | undefined> = {}) =>
    startStack({ dataDir, demo: false, webApps: false, env: stackEnv(extra), ports: { gateway: 0, annuaire: 0, candidature: 0, 'grading-grid': 0 } });
  const stop = async () => {
    await stack?.stop();
    stack = undefined;
  };
  stopActive = stop;

  try {
    log(`${kind}: preparing ${CONFIG.porteurs} porteurs in ${dataDir}`);
    // ---- Organismes and ESSMS: the annuaire's FiNESS importer --------------------------------------------------
    let t = Date.now();
    const flow = writeLoadFlow(WORKSPACE_ROOT, dataDir, CONFIG.porteurs, departementsOfRegion(REGION));
    const imported = importFlow(WORKSPACE_ROOT, dataDir, flow.path, databases.env);
    lap('importS', t);
    log(`${kind}: FiNESS import of ${flow.organismes.length} organismes, ${flow.essms} ESSMS: ${imported.trim().split('\n')[0]}`);

    // ---- Accounts (annuaire SQL), campaign (candidature SQL, once its migrations ran) ---------------------------
    t = Date.now();
    const annuaire = await databases.open('annuaire');
    const porteurs = await insertAccounts(annuaire, flow.organismes, REGION, PASSWORD).finally(() => annuaire.close());
    lap('accountsS', t);
    t = Date.now();
    stack = await start();
    const startS = (Date.now() - t) / 1000;
    await stop();
    const closesOn = closingDateFor(Date.now());
    const calendar = loadCampaignCalendar(`charge-${stamp.toLowerCase()}-${kind}`, closesOn, REGION);
    const closesAt = closingInstant(closesOn);
    const candidatureDb = await databases.open('candidature');
    await insertCampaign(candidatureDb, calendar).finally(() => candidatureDb.close());
    log(`${kind}: ${porteurs.length} accounts; campaign ${calendar.id} closes ${closesOn} at midnight (Paris) = ${closesAt.toISOString()}; stack start ${startS.toFixed(0)} s`);

    // ---- Logins and drafts through the gateway ------------------------------------------------------------------
    stack = await start();
    const concurrency = CONFIG.prepConcurrency ?? (kind === 'postgresql' ? 8 : 4);
    t = Date.now();
    const cookies = await loginAll(stack.urls.gateway, porteurs, PASSWORD, 4);
    lap('loginsS', t);
    log(`${kind}: ${cookies.length} logins in ${timings['loginsS']} s`);
    t = Date.now();
    const solutionId = await referencedSolution(stack.urls.gateway, await login(stack.urls.gateway, CNSA_EMAIL, PASSWORD));
    const drafts = await prepareDrafts({
      gatewayUrl: stack.urls.gateway,
      porteurs,
      cookies,
      campaignId: calendar.id,
      solutionId,
      concurrency,
      onProgress: (done) => log(`${kind}: ${done} drafts ready`),
    });
    lap('draftsS', t);
    log(`${kind}: ${drafts.length} complete drafts (grappe, dossier, required pieces) in ${timings['draftsS']} s`);
    await stop();

    // ---- The rush: the stack's clock reads closing − LEAD when it starts ----------------------------------------
    const rushStart = Date.now() + Math.max(60_000, 2 * startS * 1000) + 15_000;
    const offset = clockOffsetFor(rushStart, closesAt, CONFIG.leadS * 1000);
    const closesAtReal = closesAt.getTime() - offset;
    stack = await start({ ESMS_CLOCK_OFFSET_MS: String(offset) });
    if (Date.now() > rushStart - 3000) throw new Error('The stack took longer to start than planned: the rush would begin after its planned instant. Run again on a quieter machine.');
    const opened = await openFiles(stack.urls.gateway, drafts, 4, rushStart - 3000);
    log(`${kind}: stack up with ESMS_CLOCK_OFFSET_MS=${offset}; ${opened} porteurs opened their file; the rush starts at ${parisTime(new Date(rushStart + offset))} server time (Paris)`);
    await sleepUntil(rushStart);
    const plan = planRush({ porteurs: drafts.length, submitters: CONFIG.submitters, doubleClicks: CONFIG.doubleClicks, replays: CONFIG.replays, lateSubmissions: CONFIG.lateSubmissions, replaysAfterDeadline: CONFIG.replaysAfterDeadline });
    const loadBefore = loadavg().map((l) => Math.round(l * 100) / 100);
    const services = ['gateway', 'candidature', 'annuaire'] as const;
    const running = stack;
    const pids = Object.fromEntries(services.map((s) => [s, pidListeningOn(Number(new URL(running.urls[s]).port))]));
    const cpuBefore = Object.fromEntries(services.map((s) => [s, cpuSeconds(pids[s])]));
    const rushBegan = Date.now();
    const rush = await runRush({
      gatewayUrl: stack.urls.gateway,
      drafts,
      plan,
      runId: stamp.toLowerCase(),
      solutionId,
      connections: CONFIG.connections,
      timeoutS: CONFIG.timeoutS,
      maxPhaseS: CONFIG.maxPhaseS,
      closesAtReal,
      log: (m) => log(`${kind}: ${m}`),
    });
    const loadAfter = loadavg().map((l) => Math.round(l * 100) / 100);
    const rushWallS = (Date.now() - rushBegan) / 1000;
    const cpuDuringRush = Object.fromEntries(services.map((s) => [s, Math.round((cpuSeconds(pids[s]) - cpuBefore[s]) * 10) / 10]));

    // Let the outbox send what it can (the dispatcher polls every 2 s) before the stack stops; pending rows stay.
    const accepted = new Set(rush.observations.filter((o) => o.outcome === 'OK' && o.op !== 'saveDossier' && o.op !== 'saveGrappe').map((o) => o.candidatureId)).size;
    const drainUntil = Date.now() + 30_000;
    while (mailsWritten(stack.outboxDir) < accepted && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 500));
    const emlFiles = mailsWritten(stack.outboxDir);
    await stop();

    const candidature = await databases.open('candidature');
    const facts = await readFacts(candidature, calendar.id).finally(() => candidature.close());
    const checks: InvariantCheck[] = checkInvariants(rush.observations, facts, closesAt);
    const unsent = rush.phases.reduce((n, p) => n + p.unsent, 0);
    checks.push({ name: 'every planned request sent within the time bounds', ok: unsent === 0, detail: unsent ? `${unsent} not sent (phase time bound reached)` : `${rush.observations.length} requests` });

    const summary = summarize(rush.observations);
    const afterCommit = commitToAnswerMs(rush.observations, new Map(facts.files.filter((f) => f.submittedAt).map((f) => [f.id, f.submittedAt as Date])), offset);
    if (CONFIG.keepData) writeFileSync(join(dataDir, 'observations.json'), JSON.stringify({ offset, closesAt, observations: rush.observations, facts }, null, 1));
    const table = rushTable(summary);
    const firstSent = Math.min(...rush.observations.map((o) => o.sentAt));
    const lastBeforeClosing = rush.phases.filter((p) => p.name !== 'after the deadline').reduce((n, p) => Math.max(n, p.endedAt), 0);
    const submittedCount = facts.files.filter((f) => f.state === 'SUBMITTED').length;
    const heading = [
      `Deadline rush on ${kind === 'pglite' ? 'PGlite (embedded, the default)' : 'PostgreSQL 127.0.0.1:5432'}: ${drafts.length} porteurs, ${plan.submitters.length} submitting (${plan.doubleClick.length} double clicks, ${plan.replay.length} replays), ${plan.late.length} late; ${CONFIG.connections} connections`,
      `Server clock: rush from ${parisTime(new Date(firstSent + offset))} to ${parisTime(new Date(lastBeforeClosing + offset))} (Paris), closing at 00:00:00.000; ${submittedCount} files SUBMITTED; ${emlFiles} confirmation e-mails written before the stop`,
      `Accepted submissions: commit → answer p50 ${formatMs(percentile(afterCommit, 50))} ms, p99 ${formatMs(percentile(afterCommit, 99))} ms (${afterCommit.length} answers)`,
      `CPU seconds during the ${rushWallS.toFixed(0)} s of the rush: ${services.map((s) => `${s} ${cpuDuringRush[s]}`).join(', ')}${kind === 'postgresql' ? ' (+ the PostgreSQL server)' : ''}; load average (1/5/15 min) before ${loadBefore.join(' / ')}, after ${loadAfter.join(' / ')}`,
    ].join('\n');
    console.log(`\n${heading}\n\n${table}\n\nInvariants\n${invariantLines(checks).map((l) => `  ${l}`).join('\n')}\n`);
    return {
      database: kind,
      ok: checks.every((c) => c.ok),
      porteurs: drafts.length,
      essms: flow.essms,
      campaign: { id: calendar.id, closesOn, closesAt: closesAt.toISOString(), clockOffsetMs: offset },
      timings: { ...timings, stackStartS: Math.round(startS * 10) / 10, totalS: Math.round((Date.now() - runStarted) / 1000) },
      rush: {
        serverClockFrom: new Date(firstSent + offset).toISOString(),
        serverClockBeforeClosingTo: new Date(lastBeforeClosing + offset).toISOString(),
        secondsBeforeClosingAtEnd: Math.round((closesAtReal - lastBeforeClosing) / 100) / 10,
        wallS: Math.round(rushWallS * 10) / 10,
        cpuSecondsPerService: cpuDuringRush,
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadAfter,
        phases: rush.phases,
      },
      summary,
      commitToAnswerMs: { p50: percentile(afterCommit, 50), p99: percentile(afterCommit, 99), max: percentile(afterCommit, 100), count: afterCommit.length },
      facts: { files: facts.files.length, submitted: submittedCount, submissionRows: facts.submissions.length, emails: facts.emails.length, emailsSent: facts.emails.filter((e) => e.sent).length, emlFiles },
      invariants: checks,
      heading,
      table,
    };
  } finally {
    await stop().catch(() => undefined);
    if (!CONFIG.keepData) {
      await databases.drop().catch((error) => log(`could not drop the load databases: ${error}`));
      rmSync(dataDir, { recursive: true, force: true });
    } else log(`${kind}: data and logs kept in ${dataDir}`);
  }
}

async function main() {
  const description = machine();
  log(`machine: ${description.cpus} CPU (${description.cpuModel}), ${description.memoryGiB} GiB, Node ${description.node}, load ${description.loadAverage.join(' / ')}`);
  log(`config: ${JSON.stringify(CONFIG)}`);
  process.env['ESMS_GATEWAY_SECRET'] ??= randomBytes(32).toString('hex');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void (stopActive?.() ?? Promise.resolve()).finally(() => process.exit(130)));
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runs: Awaited<ReturnType<typeof runOne>>[] = [];
  const failures: { database: DatabaseKind; error: string }[] = [];
  for (const kind of CONFIG.databases) {
    try {
      runs.push(await runOne(kind, stamp));
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`${kind}: the run failed: ${message}`);
      failures.push({ database: kind, error: message });
    }
  }
  const resultsDir = join(WORKSPACE_ROOT, 'tools/load/results');
  mkdirSync(resultsDir, { recursive: true });
  const resultsPath = join(resultsDir, `${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(
    resultsPath,
    JSON.stringify({ date: new Date().toISOString(), command: 'npm run load:deadline', machine: { ...description, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) }, config: CONFIG, runs, failures, durationS: Math.round((Date.now() - started) / 1000) }, null, 2) + '\n',
  );
  console.log(`Results written to ${resultsPath}`);
  const ok = failures.length === 0 && runs.every((r) => r.ok);
  console.log(ok ? 'Every invariant holds.' : 'An invariant is broken (or a run failed): see above.');
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(`Load test failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
