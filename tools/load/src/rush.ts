/*
 * The last minute before closing, through the gateway with autocannon (closed loop: `connections` porteurs click at
 * once, each clicks again as soon as its page answered), in phases bounded in count (one request per job) and in
 * time (`maxPhaseS`, then the phase is stopped and what was not sent is reported):
 *
 *   1. every porteur saves its dossier      (the web app's UpdateCandidatureDossier, expectedVersion)
 *   2. every porteur saves a grappe member  (the web app's UpdateGrappeMember, expectedVersion)
 *   3. the submitters submit                (submitCandidature with an idempotency key; the double-clickers' second
 *                                            click leaves at the same instant, outside autocannon)
 *   4. replays                              (the same key again once answered; retries of any submission that got
 *                                            no answer or a 5xx)
 *   — the deadline passes (server clock) —
 *   5. late submissions                     (other porteurs, fresh keys: must be refused as LATE) and replays of
 *                                            accepted keys (must answer the receipt, not LATE)
 *
 * Every request is timed here (from the moment autocannon builds it to the end of its answer) and classified.
 */
import { UPDATE_CANDIDATURE_DOSSIER_MUTATION, UPDATE_GRAPPE_MEMBER_MUTATION } from '@esms/graphql-client';
import autocannon from 'autocannon';
import { print } from 'graphql';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { assertLoopback } from './gateway-client';
import { classifyAnswer, type Observation, type Operation } from './observations';
import type { RushPlan } from './plan';
import type { Draft } from './prepare';

/** The web app's own documents (in the gateway's persisted-operation allow-list), exactly what a browser sends. */
const SAVE_DOSSIER = print(UPDATE_CANDIDATURE_DOSSIER_MUTATION);
const SAVE_GRAPPE = print(UPDATE_GRAPPE_MEMBER_MUTATION);
/** The web app's SubmitCandidature sends no idempotency key; this is the API's documented submission with one. */
const SUBMIT = `mutation SubmitCandidatureWithKey($id: ID!, $expectedVersion: Int, $idempotencyKey: String) {
  submitCandidature(id: $id, expectedVersion: $expectedVersion, idempotencyKey: $idempotencyKey) { id state version submittedAt receiptNumber windowCode recapitulatifPath }
}`;

const FIELD: Record<Operation, string> = {
  saveDossier: 'updateCandidatureDossier',
  saveGrappe: 'updateGrappeMember',
  submit: 'submitCandidature',
  doubleClick: 'submitCandidature',
  replay: 'submitCandidature',
  retry: 'submitCandidature',
  late: 'submitCandidature',
  replayAfterDeadline: 'submitCandidature',
};

interface Job {
  op: Operation;
  draft: Draft;
  body: string;
  key: string | null;
  /** A double click: the same request leaves a second time at the same instant. */
  twin?: boolean;
}

export interface PhaseResult {
  name: string;
  jobs: number;
  /** Jobs never sent because the phase hit its time bound. */
  unsent: number;
  startedAt: number;
  endedAt: number;
  /** autocannon's own view of the phase (2xx latency histogram, errors, timeouts, non-2xx). */
  autocannon: { requests: number; errors: number; timeouts: number; non2xx: number; latencyP50Ms: number; latencyP99Ms: number };
}

export interface RushOptions {
  gatewayUrl: string;
  drafts: Draft[];
  plan: RushPlan;
  runId: string;
  solutionId: string;
  connections: number;
  timeoutS: number;
  maxPhaseS: number;
  /** Real instant (ms) at which the server clock reaches the deadline (first refused instant). */
  closesAtReal: number;
  log: (message: string) => void;
}

export interface RushResult {
  observations: Observation[];
  phases: PhaseResult[];
}

const keyOf = (runId: string, draft: Draft, suffix = '') => `load-${runId}-${draft.porteur.index + 1}${suffix}`;
const submitBody = (draft: Draft, expectedVersion: number, key: string) => JSON.stringify({ query: SUBMIT, variables: { id: draft.candidatureId, expectedVersion, idempotencyKey: key } });

/** One request outside autocannon (the second click of a double click), timed the same way. */
function sendOnce(agent: Agent, url: URL, job: Job, record: (o: Observation) => void, timeoutMs: number): Promise<void> {
  return new Promise((done) => {
    const sentAt = Date.now();
    const t0 = performance.now();
    let finished = false;
    const finish = (status: number | null, body: string) => {
      if (finished) return;
      finished = true;
      record(observation(job, sentAt, status === null ? null : performance.now() - t0, status, body));
      done();
    };
    const req = request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', cookie: job.draft.cookie, 'content-length': Buffer.byteLength(job.body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
        res.on('error', () => finish(null, ''));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', () => finish(null, ''));
    req.end(job.body);
  });
}

function observation(job: Job, sentAt: number, latencyMs: number | null, status: number | null, body: string): Observation {
  return {
    op: job.op,
    porteur: job.draft.porteur.index,
    candidatureId: job.draft.candidatureId,
    idempotencyKey: job.key,
    sentAt,
    latencyMs,
    status,
    ...classifyAnswer(status, body, FIELD[job.op]),
  };
}

async function runPhase(name: string, jobs: Job[], options: RushOptions, record: (o: Observation) => void): Promise<PhaseResult> {
  const startedAt = Date.now();
  const empty = { requests: 0, errors: 0, timeouts: 0, non2xx: 0, latencyP50Ms: NaN, latencyP99Ms: NaN };
  if (jobs.length === 0) return { name, jobs: 0, unsent: 0, startedAt, endedAt: startedAt, autocannon: empty };
  const url = new URL(`${options.gatewayUrl}/graphql`);
  const queue = [...jobs];
  const inFlight = new Set<{ job: Job; sentAt: number; t0: number }>();
  const twinAgent = new Agent({ keepAlive: true, maxSockets: 64 });
  const twins: Promise<void>[] = [];

  const setupRequest = (req: autocannon.Request, ctx: object): autocannon.Request => {
    const job = queue.shift();
    if (!job) return { ...req, method: 'GET', path: '/health', headers: {}, body: '' }; // only if autocannon asked for more than the jobs
    const pending = { job, sentAt: Date.now(), t0: performance.now() };
    inFlight.add(pending);
    (ctx as Record<string, unknown>)['pending'] = pending;
    if (job.twin) twins.push(sendOnce(twinAgent, url, { ...job, op: 'doubleClick' }, record, options.timeoutS * 1000));
    return { ...req, method: 'POST', path: url.pathname, headers: { 'content-type': 'application/json', cookie: job.draft.cookie }, body: job.body };
  };
  const onResponse = (status: number, body: string, ctx: object) => {
    const pending = (ctx as Record<string, unknown>)['pending'] as { job: Job; sentAt: number; t0: number } | undefined;
    if (!pending || !inFlight.has(pending)) return;
    inFlight.delete(pending);
    record(observation(pending.job, pending.sentAt, performance.now() - pending.t0, status, body));
  };

  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    const opts: autocannon.Options = {
      url: url.toString(),
      method: 'POST',
      connections: Math.min(options.connections, jobs.length),
      amount: jobs.length,
      timeout: options.timeoutS,
      requests: [{ setupRequest, onResponse }],
    };
    instance = autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
  });
  const bound = setTimeout(() => {
    options.log(`${name}: time bound of ${options.maxPhaseS} s reached, stopping the phase`);
    instance?.stop();
  }, options.maxPhaseS * 1000);
  const result = await finished;
  clearTimeout(bound);
  await Promise.all(twins);
  twinAgent.destroy();
  // Requests whose answer never came (timeout, connection error, phase stopped).
  for (const pending of inFlight) record(observation(pending.job, pending.sentAt, null, null, ''));
  return {
    name,
    jobs: jobs.length,
    unsent: queue.length,
    startedAt,
    endedAt: Date.now(),
    autocannon: { requests: result.requests.total, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, latencyP50Ms: result.latency.p50, latencyP99Ms: result.latency.p99 },
  };
}

export async function runRush(options: RushOptions): Promise<RushResult> {
  assertLoopback(options.gatewayUrl);
  const observations: Observation[] = [];
  const phases: PhaseResult[] = [];
  const record = (o: Observation) => {
    observations.push(o);
    // A save moves the file's version on; the next request of this porteur sends the new one.
    const draft = options.drafts[o.porteur];
    if (o.outcome === 'OK' && o.version !== null && o.version > draft.version) draft.version = o.version;
  };
  const { drafts, plan, runId } = options;
  const phase = async (name: string, jobs: Job[]) => {
    const result = await runPhase(name, jobs, options, record);
    phases.push(result);
    const mine = observations.filter((o) => o.sentAt >= result.startedAt);
    options.log(`${name}: ${jobs.length} requests in ${((result.endedAt - result.startedAt) / 1000).toFixed(1)} s (${mine.filter((o) => o.outcome === 'OK').length} OK, ${mine.filter((o) => o.outcome === 'LATE').length} LATE, ${mine.filter((o) => !['OK', 'LATE'].includes(o.outcome)).length} other), ${((options.closesAtReal - Date.now()) / 1000).toFixed(1)} s before closing`);
  };

  await phase(
    'saves (dossier)',
    drafts.map((draft) => ({
      op: 'saveDossier',
      draft,
      key: null,
      body: JSON.stringify({
        query: SAVE_DOSSIER,
        variables: { id: draft.candidatureId, expectedVersion: draft.version, input: { governance: `Comité de pilotage mensuel, relu le dernier soir (${draft.porteur.index + 1})`, checklist: [{ code: '1.1', done: true }] } },
      }),
    })),
  );
  await phase(
    'saves (grappe)',
    drafts.map((draft) => ({
      op: 'saveGrappe',
      draft,
      key: null,
      body: JSON.stringify({
        query: SAVE_GRAPPE,
        variables: { id: draft.candidatureId, finess: draft.finess, expectedVersion: draft.version, input: { situation: 'ACQUISITION', chosenSolutionId: options.solutionId } },
      }),
    })),
  );

  const doubleClick = new Set(plan.doubleClick);
  const submitted = new Map<number, { version: number; key: string }>();
  await phase(
    'submissions',
    plan.submitters.map((i) => {
      const draft = drafts[i];
      const key = keyOf(runId, draft);
      submitted.set(i, { version: draft.version, key });
      return { op: 'submit', draft, key, body: submitBody(draft, draft.version, key), twin: doubleClick.has(i) };
    }),
  );

  // The same key again: once answered (a replayed request), and after no answer or a 5xx (a retry).
  const failed = observations.filter((o) => (o.op === 'submit' || o.op === 'doubleClick') && (o.outcome === 'SERVER_ERROR' || o.outcome === 'NO_ANSWER'));
  const retried = [...new Set(failed.map((o) => o.porteur))];
  /** The first click's request again: same key, same (now stale) expected version. */
  const again = (op: Operation, i: number): Job => {
    const first = submitted.get(i) as { version: number; key: string };
    return { op, draft: drafts[i], key: first.key, body: submitBody(drafts[i], first.version, first.key) };
  };
  await phase('replays and retries', [...plan.replay.map((i) => again('replay', i)), ...retried.map((i) => again('retry', i))]);

  // Just after the deadline (server clock): one second past closing.
  const wait = options.closesAtReal + 1000 - Date.now();
  if (wait > 0) {
    options.log(`waiting ${(wait / 1000).toFixed(1)} s for the deadline to pass (server clock)`);
    await new Promise((r) => setTimeout(r, wait));
  }
  await phase('after the deadline', [
    ...plan.late.map((i): Job => ({ op: 'late', draft: drafts[i], key: keyOf(runId, drafts[i], '-late'), body: submitBody(drafts[i], drafts[i].version, keyOf(runId, drafts[i], '-late')) })),
    ...plan.replayAfterDeadline.map((i) => again('replayAfterDeadline', i)),
  ]);
  return { observations, phases };
}
