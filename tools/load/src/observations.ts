/* What the load saw, one record per request, and how an answer is classified (pure). */
import { percentile } from './stats';

export const OPERATIONS = ['saveDossier', 'saveGrappe', 'submit', 'doubleClick', 'replay', 'retry', 'late', 'replayAfterDeadline'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const OPERATION_LABEL: Record<Operation, string> = {
  saveDossier: 'save dossier (updateCandidatureDossier)',
  saveGrappe: 'save grappe (updateGrappeMember)',
  submit: 'submit (submitCandidature)',
  doubleClick: 'submit, second click',
  replay: 'submit again, same key',
  retry: 'submit retry after no answer / 5xx',
  late: 'submit after the deadline',
  replayAfterDeadline: 'same key again after the deadline',
};

export const isSubmission = (op: Operation) => op !== 'saveDossier' && op !== 'saveGrappe';

/**
 * OK: data answered. LATE: refused as non recevable (`extensions.reason = LATE`). CONFLICT, REFUSED: other
 * refusals a person can act on. SERVER_ERROR: HTTP 5xx or a masked INTERNAL_SERVER_ERROR. NO_ANSWER: timeout or
 * connection error.
 */
export type Outcome = 'OK' | 'LATE' | 'CONFLICT' | 'REFUSED' | 'SERVER_ERROR' | 'NO_ANSWER';

export interface Answer {
  outcome: Outcome;
  code: string | null;
  message: string | null;
  state: string | null;
  receiptNumber: string | null;
  version: number | null;
}

export interface Observation extends Answer {
  op: Operation;
  porteur: number;
  candidatureId: string;
  idempotencyKey: string | null;
  /** Wall-clock instant the request left (ms since the epoch). */
  sentAt: number;
  latencyMs: number | null;
  status: number | null;
}

const KNOWN_REFUSALS = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'TOO_MANY_REQUESTS', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST']);

/** Classifies one HTTP answer of a GraphQL mutation whose root field is `field`. `status` null = no answer. */
export function classifyAnswer(status: number | null, body: string, field: string): Answer {
  const none: Answer = { outcome: 'NO_ANSWER', code: null, message: null, state: null, receiptNumber: null, version: null };
  if (status === null) return none;
  if (status >= 500) return { ...none, outcome: 'SERVER_ERROR', code: `HTTP_${status}`, message: body.slice(0, 200) };
  let parsed: { data?: Record<string, Record<string, unknown> | null> | null; errors?: { message?: string; extensions?: Record<string, unknown> }[] };
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ...none, outcome: 'REFUSED', code: `HTTP_${status}`, message: body.slice(0, 200) };
  }
  const error = parsed.errors?.[0];
  if (error) {
    const code = typeof error.extensions?.['code'] === 'string' ? (error.extensions['code'] as string) : null;
    const message = error.message ?? null;
    if (error.extensions?.['reason'] === 'LATE') return { ...none, outcome: 'LATE', code, message };
    if (code === 'CONFLICT') return { ...none, outcome: 'CONFLICT', code, message };
    if (code && KNOWN_REFUSALS.has(code)) return { ...none, outcome: 'REFUSED', code, message };
    return { ...none, outcome: 'SERVER_ERROR', code: code ?? 'NO_CODE', message };
  }
  const row = parsed.data?.[field];
  if (!row) return { ...none, outcome: 'REFUSED', code: `HTTP_${status}`, message: 'no data and no error' };
  return {
    outcome: 'OK',
    code: null,
    message: null,
    state: typeof row['state'] === 'string' ? row['state'] : null,
    receiptNumber: typeof row['receiptNumber'] === 'string' ? row['receiptNumber'] : null,
    version: typeof row['version'] === 'number' ? row['version'] : null,
  };
}

export interface OperationSummary {
  op: Operation;
  requests: number;
  outcomes: Record<Outcome, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function summarize(observations: readonly Observation[]): OperationSummary[] {
  return OPERATIONS.map((op) => {
    const mine = observations.filter((o) => o.op === op);
    const outcomes: Record<Outcome, number> = { OK: 0, LATE: 0, CONFLICT: 0, REFUSED: 0, SERVER_ERROR: 0, NO_ANSWER: 0 };
    for (const o of mine) outcomes[o.outcome] += 1;
    const latencies = mine.map((o) => o.latencyMs).filter((l): l is number => l !== null);
    return { op, requests: mine.length, outcomes, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: percentile(latencies, 100) };
  }).filter((s) => s.requests > 0);
}

/**
 * For each accepted first click: milliseconds from the commit (the file's `submitted_at`, server clock, brought back
 * to the real clock with the offset) to the end of the answer — what the porteur waits for after the fact is stored.
 */
export function commitToAnswerMs(observations: readonly Observation[], submittedAt: ReadonlyMap<string, Date>, clockOffsetMs: number): number[] {
  return observations
    .filter((o) => o.op === 'submit' && o.outcome === 'OK' && o.latencyMs !== null && submittedAt.has(o.candidatureId))
    .map((o) => o.sentAt + (o.latencyMs as number) - ((submittedAt.get(o.candidatureId) as Date).getTime() - clockOffsetMs))
    .filter((ms) => ms >= 0);
}
