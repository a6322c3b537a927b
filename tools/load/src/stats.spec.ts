import { commitToAnswerMs, summarize, type Observation } from './observations';
import { rushTable } from './report';
import { formatMs, percentile, renderTable } from './stats';

describe('percentile (nearest rank)', () => {
  it('reads p50 and p99 of 1..100 and the extremes', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(100);
  });
  it('is NaN without values and the value itself for one', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(percentile([7], 99)).toBe(7);
  });
});

describe('summarize and the printed table', () => {
  const obs = (op: Observation['op'], outcome: Observation['outcome'], latencyMs: number | null): Observation => ({
    op, porteur: 0, candidatureId: 'c', idempotencyKey: null, sentAt: 0, latencyMs, status: latencyMs === null ? null : 200,
    outcome, code: null, message: null, state: null, receiptNumber: null, version: null,
  });
  const summaries = summarize([
    ...Array.from({ length: 99 }, (_, i) => obs('saveDossier', 'OK', i + 1)),
    obs('saveDossier', 'SERVER_ERROR', 1000),
    obs('submit', 'OK', 250),
    obs('submit', 'NO_ANSWER', null),
    obs('late', 'LATE', 40),
  ]);

  it('counts outcomes and latencies per operation, leaving out the operations not sent', () => {
    expect(summaries.map((s) => s.op)).toEqual(['saveDossier', 'submit', 'late']);
    const save = summaries[0];
    expect(save.requests).toBe(100);
    expect(save.outcomes).toMatchObject({ OK: 99, SERVER_ERROR: 1 });
    expect([save.p50Ms, save.p99Ms, save.maxMs]).toEqual([50, 99, 1000]);
    // A request without an answer has no latency: it is counted, not timed.
    expect(summaries[1]).toMatchObject({ requests: 2, p50Ms: 250, maxMs: 250, outcomes: { OK: 1, NO_ANSWER: 1 } });
  });

  it('prints one row per operation with aligned columns', () => {
    const lines = rushTable(summaries).split('\n');
    expect(lines[0]).toMatch(/^operation\s+requests\s+OK\s+LATE\s+conflict\s+refused\s+5xx\s+no answer\s+p50 ms\s+p99 ms\s+max ms$/);
    expect(lines).toHaveLength(2 + 3);
    expect(lines[2]).toMatch(/^save dossier \(updateCandidatureDossier\)\s+100\s+99\s+0\s+0\s+0\s+1\s+0\s+50\.0\s+99\.0\s+1000$/);
    expect(new Set(lines.map((l) => l.length)).size).toBeLessThanOrEqual(2);
  });

  it('formats milliseconds and renders an empty table as nothing', () => {
    expect(formatMs(NaN)).toBe('—');
    expect(formatMs(12.345)).toBe('12.3');
    expect(formatMs(1234.5)).toBe('1235');
    expect(renderTable([])).toBe('');
  });
});

describe('commitToAnswerMs', () => {
  it('measures from the commit (server clock minus the offset) to the end of the answer, first clicks accepted only', () => {
    const base = { porteur: 0, idempotencyKey: 'k', status: 200, code: null, message: null, state: 'SUBMITTED', receiptNumber: 'R', version: 3 };
    const observations: Observation[] = [
      { ...base, op: 'submit', candidatureId: 'a', sentAt: 1_000, latencyMs: 500, outcome: 'OK' },
      { ...base, op: 'doubleClick', candidatureId: 'a', sentAt: 1_000, latencyMs: 900, outcome: 'OK' },
      { ...base, op: 'submit', candidatureId: 'b', sentAt: 1_000, latencyMs: 200, outcome: 'LATE' },
    ];
    const offset = 10_000;
    // a committed at real 1 300 (server 11 300): answered at 1 500, 200 ms later.
    expect(commitToAnswerMs(observations, new Map([['a', new Date(11_300)], ['b', new Date(11_100)]]), offset)).toEqual([200]);
  });
});
