/*
 * The last minute before closing, through the gateway with autocannon. Each of `connections` lanes is one browser
 * (one autocannon instance, one keep-alive connection, closed loop: the next click leaves when the page answered)
 * serving its porteurs one after the other, each porteur doing what it came to do:
 *
 *   save its dossier       the web app's UpdateCandidatureDossier (expectedVersion)
 *   save a grappe member   the web app's UpdateGrappeMember (expectedVersion)
 *   submit (submitters)    submitCandidature with an idempotency key; a double-clicker's second click leaves at the
 *                          same instant (outside autocannon); a replayer sends the same request again once answered
 *
 * Lanes are bounded in count (exactly their steps) and in time (`maxPhaseS`, then stopped and what was not sent is
 * reported). Then: retries (same key) of any submission that got no answer or a 5xx; and, once the deadline passed
 * on the server clock, late submissions from other porteurs (must be refused as LATE) and replays of accepted keys
 * (must answer the receipt, not LATE). Every request is timed here, from the moment autocannon builds it to the end
 * of its answer, and classified.
 */
import { UPDATE_CANDIDATURE_DOSSIER_MUTATION, UPDATE_GRAPPE_MEMBER_MUTATION } from '@esms/graphql-client';
import autocannon from 'autocannon';
import { print } from 'graphql';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { assertLoopback } from './gateway-client';
import { classifyAnswer, type Observation, type Operation } from './observations';
import { lanes, type RushPlan } from './plan';
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
  /** Built when the request leaves: a save sends the version the previous answer gave. */
  body: () => string;
  key: string | null;
  /** A double click: the same request leaves a second time at the same instant. */
  twin?: boolean;
}

export interface PhaseResult {
  name: string;
  lanes: number;
  jobs: number;
  /** Jobs never sent because the phase hit its time bound. */
  unsent: number;
  startedAt: number;
  endedAt: number;
  /** autocannon's own counts, summed over the lanes. */
  autocannon: { requests: number; errors: number; timeouts: number; non2xx: number };
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

/**
 * One request outside autocannon (the second click of a double click), timed the same way, on a fresh connection (a
 * reused idle keep-alive socket can be closed by the server at that very moment: a client artefact, not the server's).
 */
function sendOnce(url: URL, job: Job, body: string, record: (o: Observation) => void, timeoutMs: number): Promise<void> {
  return new Promise((done) => {
    const sentAt = Date.now();
    const t0 = performance.now();
    let finished = false;
    const finish = (status: number | null, answer: string, error?: Error) => {
      if (finished) return;
      finished = true;
      const seen = observation(job, sentAt, status === null ? null : performance.now() - t0, status, answer);
      record(error ? { ...seen, message: error.message } : seen);
      done();
    };
    const req = request(
      { agent: false, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', cookie: job.draft.cookie, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
        res.on('error', (error) => finish(null, '', error));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => finish(null, '', error));
    req.end(body);
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

/** Runs each lane on its own autocannon instance (one connection), all at once; resolves when every lane is done. */
async function runLanes(name: string, laneJobs: Job[][], options: RushOptions, record: (o: Observation) => void): Promise<PhaseResult> {
  const startedAt = Date.now();
  const lanes = laneJobs.filter((lane) => lane.length > 0);
  const jobs = lanes.reduce((n, lane) => n + lane.length, 0);
  const url = new URL(`${options.gatewayUrl}/graphql`);
  const inFlight = new Set<{ job: Job; sentAt: number; t0: number }>();
  const twins: Promise<void>[] = [];
  const instances: autocannon.Instance[] = [];
  let unsent = 0;

  const runLane = (lane: Job[]) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      let next = 0;
      const setupRequest = (req: autocannon.Request, ctx: object): autocannon.Request => {
        const job = lane[next++];
        if (!job) return { ...req, method: 'GET', path: '/health', headers: {}, body: '' }; // never: one request per job
        const body = job.body();
        const pending = { job, sentAt: Date.now(), t0: performance.now() };
        inFlight.add(pending);
        (ctx as Record<string, unknown>)['pending'] = pending;
        if (job.twin) twins.push(sendOnce(url, { ...job, op: 'doubleClick' }, body, record, options.timeoutS * 1000));
        return { ...req, method: 'POST', path: url.pathname, headers: { 'content-type': 'application/json', cookie: job.draft.cookie }, body };
      };
      const onResponse = (status: number, body: string, ctx: object) => {
        const pending = (ctx as Record<string, unknown>)['pending'] as { job: Job; sentAt: number; t0: number } | undefined;
        if (!pending || !inFlight.has(pending)) return;
        inFlight.delete(pending);
        record(observation(pending.job, pending.sentAt, performance.now() - pending.t0, status, body));
      };
      const opts: autocannon.Options = { url: url.toString(), method: 'POST', connections: 1, amount: lane.length, timeout: options.timeoutS, requests: [{ setupRequest, onResponse }] };
      instances.push(
        autocannon(opts, (error, result) => {
          unsent += Math.max(0, lane.length - next);
          return error ? reject(error) : resolve(result);
        }),
      );
    });

  const bound = setTimeout(() => {
    options.log(`${name}: time bound of ${options.maxPhaseS} s reached, stopping`);
    instances.forEach((i) => i.stop());
  }, options.maxPhaseS * 1000);
  const results = await Promise.all(lanes.map(runLane));
  clearTimeout(bound);
  await Promise.all(twins);
  // Requests whose answer never came (timeout, connection error, stopped).
  for (const pending of inFlight) record(observation(pending.job, pending.sentAt, null, null, ''));
  const sum = (pick: (r: autocannon.Result) => number) => results.reduce((n, r) => n + pick(r), 0);
  return {
    name,
    lanes: lanes.length,
    jobs,
    unsent,
    startedAt,
    endedAt: Date.now(),
    autocannon: { requests: sum((r) => r.requests.total), errors: sum((r) => r.errors), timeouts: sum((r) => r.timeouts), non2xx: sum((r) => r.non2xx) },
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
  const phase = async (name: string, laneJobs: Job[][]) => {
    const result = await runLanes(name, laneJobs, options, record);
    phases.push(result);
    const mine = observations.filter((o) => o.sentAt >= result.startedAt);
    options.log(
      `${name}: ${result.jobs} requests on ${result.lanes} connections in ${((result.endedAt - result.startedAt) / 1000).toFixed(1)} s (${mine.filter((o) => o.outcome === 'OK').length} OK, ${mine.filter((o) => o.outcome === 'LATE').length} LATE, ${mine.filter((o) => !['OK', 'LATE'].includes(o.outcome)).length} other), ${((options.closesAtReal - Date.now()) / 1000).toFixed(1)} s before closing`,
    );
  };

  const submitters = new Set(plan.submitters);
  const doubleClick = new Set(plan.doubleClick);
  const replay = new Set(plan.replay);
  /** What each submitter's first click sent: a replay or a retry sends it again (same key, now stale version). */
  const firstClick = new Map<number, { version: number; key: string }>();
  const submitJob = (i: number): Job => {
    const draft = drafts[i];
    const key = keyOf(runId, draft);
    return {
      op: 'submit',
      draft,
      key,
      twin: doubleClick.has(i),
      body: () => {
        firstClick.set(i, { version: draft.version, key });
        return submitBody(draft, draft.version, key);
      },
    };
  };
  const again = (op: Operation, i: number): Job => ({
    op,
    draft: drafts[i],
    key: keyOf(runId, drafts[i]),
    body: () => {
      const first = firstClick.get(i) ?? { version: drafts[i].version, key: keyOf(runId, drafts[i]) };
      return submitBody(drafts[i], first.version, first.key);
    },
  });
  const porteurSteps = (i: number): Job[] => {
    const draft = drafts[i];
    const steps: Job[] = [
      {
        op: 'saveDossier',
        draft,
        key: null,
        body: () =>
          JSON.stringify({
            query: SAVE_DOSSIER,
            variables: { id: draft.candidatureId, expectedVersion: draft.version, input: { governance: `Comité de pilotage mensuel, relu le dernier soir (${i + 1})`, checklist: [{ code: '1.1', done: true }] } },
          }),
      },
      {
        op: 'saveGrappe',
        draft,
        key: null,
        body: () =>
          JSON.stringify({ query: SAVE_GRAPPE, variables: { id: draft.candidatureId, finess: draft.finess, expectedVersion: draft.version, input: { situation: 'ACQUISITION', chosenSolutionId: options.solutionId } } }),
      },
    ];
    if (submitters.has(i)) steps.push(submitJob(i));
    if (replay.has(i)) steps.push(again('replay', i));
    return steps;
  };
  await phase(
    'rush',
    lanes([plan.submitters, drafts.map((d) => d.porteur.index).filter((i) => !submitters.has(i))], options.connections).map((lane) => lane.flatMap(porteurSteps)),
  );

  // A submission that got no answer or a 5xx is sent again with its key, as the web app's retry would.
  const failed = observations.filter((o) => (o.op === 'submit' || o.op === 'doubleClick') && (o.outcome === 'SERVER_ERROR' || o.outcome === 'NO_ANSWER'));
  const retried = [...new Set(failed.map((o) => o.porteur))];
  if (retried.length) await phase('retries', lanes([retried], options.connections).map((lane) => lane.map((i) => again('retry', i))));

  // Just after the deadline (server clock): one second past closing.
  const wait = options.closesAtReal + 1000 - Date.now();
  if (wait > 0) {
    options.log(`waiting ${(wait / 1000).toFixed(1)} s for the deadline to pass (server clock)`);
    await new Promise((r) => setTimeout(r, wait));
  }
  const lateKey = (i: number) => keyOf(runId, drafts[i], '-late');
  await phase('after the deadline', [
    ...plan.late.map((i): Job[] => [{ op: 'late', draft: drafts[i], key: lateKey(i), body: () => submitBody(drafts[i], drafts[i].version, lateKey(i)) }]),
    ...plan.replayAfterDeadline.map((i) => [again('replayAfterDeadline', i)]),
  ]);
  return { observations, phases };
}
