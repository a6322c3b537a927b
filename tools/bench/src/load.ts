/* Load generators: closed loop (autocannon, N connections as fast as answers come) and open loop (a fixed rate). */
import autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface HttpTarget {
  /** Full URL of the GraphQL endpoint (127.0.0.1 only). */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!/^127\.\d+\.\d+\.\d+$/.test(host) && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`The benchmark only sends traffic to this machine (127.0.0.1), not to ${host}.`);
  }
}

export interface ClosedLoopResult {
  requests: number;
  durationS: number;
  requestsPerSecond: number;
  errors: number;
  non2xx: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/** Closed loop: `connections` clients each send a request as soon as the previous answer arrived. */
export async function closedLoop(target: HttpTarget, options: { connections: number; durationS: number }): Promise<ClosedLoopResult> {
  assertLoopback(target.url);
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body: target.body,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationS,
    timeout: 10,
  });
  const durationS = result.duration;
  return {
    requests: result.requests.total,
    durationS,
    requestsPerSecond: result.requests.total / durationS,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
  };
}

export interface OpenLoopResult {
  /** Latency of each request from its *scheduled* start (no coordinated omission), in ms. */
  latenciesMs: number[];
  /** The slowest requests: their position in the schedule and latency (to tell start-up effects from pauses). */
  slowest: { index: number; ms: number }[];
  sent: number;
  errors: number;
  /** Achieved send rate (requests/s). */
  rate: number;
}

/** One POST; resolves with the HTTP status once the whole body was read. */
function post(agent: Agent, url: URL, target: HttpTarget): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: { ...target.headers, 'content-length': Buffer.byteLength(target.body) } },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end(target.body);
  });
}

/**
 * Open loop: requests leave at a fixed rate whatever the answers do (as real users arrive), so a slow
 * answer does not delay the next request. Latency is measured from the time each request was
 * scheduled, which also charges any lateness of the sender to the measured system.
 */
export async function openLoop(target: HttpTarget, options: { rate: number; durationS: number }): Promise<OpenLoopResult> {
  assertLoopback(target.url);
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.max(1, Math.round(options.rate * options.durationS));
  const intervalMs = 1000 / options.rate;
  const latenciesMs: number[] = [];
  const indexed: { index: number; ms: number }[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && start + next * intervalMs <= now) {
      const scheduled = start + next * intervalMs;
      const index = next;
      inFlight.push(
        post(agent, url, target).then((status) => {
          const ms = performance.now() - scheduled;
          if (status === 200) {
            latenciesMs.push(ms);
            indexed.push({ index, ms });
          } else errors += 1;
        }),
      );
      next += 1;
    }
    if (next < total) {
      const wait = start + next * intervalMs - performance.now();
      await new Promise((r) => setTimeout(r, Math.max(0, wait)));
    }
  }
  const sendDurationS = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  agent.destroy();
  const slowest = indexed.sort((a, b) => b.ms - a.ms).slice(0, 3);
  return { latenciesMs, slowest, sent: total, errors, rate: total / Math.max(sendDurationS, intervalMs / 1000) };
}

/** Sends the request `count` times one after the other (for exact per-request counters). */
export async function sequential(target: HttpTarget, count: number): Promise<{ ok: number; failed: number }> {
  assertLoopback(target.url);
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let ok = 0;
  let failed = 0;
  for (let i = 0; i < count; i++) {
    if ((await post(agent, url, target)) === 200) ok += 1;
    else failed += 1;
  }
  agent.destroy();
  return { ok, failed };
}
