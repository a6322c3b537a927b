/* The printed table of one database's rush and its invariants (pure). */
import type { InvariantCheck } from './invariants';
import { OPERATION_LABEL, type OperationSummary } from './observations';
import { formatMs, renderTable } from './stats';

export function rushTable(summaries: readonly OperationSummary[]): string {
  const header = ['operation', 'requests', 'OK', 'LATE', 'conflict', 'refused', '5xx', 'no answer', 'p50 ms', 'p99 ms', 'max ms'];
  const rows = summaries.map((s) => [
    OPERATION_LABEL[s.op],
    String(s.requests),
    String(s.outcomes.OK),
    String(s.outcomes.LATE),
    String(s.outcomes.CONFLICT),
    String(s.outcomes.REFUSED),
    String(s.outcomes.SERVER_ERROR),
    String(s.outcomes.NO_ANSWER),
    formatMs(s.p50Ms),
    formatMs(s.p99Ms),
    formatMs(s.maxMs),
  ]);
  return renderTable([header, ...rows]);
}

export function invariantLines(checks: readonly InvariantCheck[]): string[] {
  return checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
}

/** A server instant as Paris wall-clock time, e.g. `23:59:41.250`. */
export function parisTime(at: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hour12: false }).format(at);
}
