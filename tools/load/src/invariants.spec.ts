import { checkInvariants, type DatabaseFacts } from './invariants';
import { classifyAnswer, type Observation, type Operation } from './observations';

const CLOSES_AT = new Date('2026-11-27T23:00:00.000Z'); // 2026-11-28 00:00:00.000 Paris
const BEFORE = new Date('2026-11-27T22:59:30.000Z');

const answer = (op: Operation, id: string, outcome: Observation['outcome'], receiptNumber: string | null = null, extra: Partial<Observation> = {}): Observation => ({
  op,
  porteur: Number(id.replace(/\D/g, '')) || 0,
  candidatureId: id,
  idempotencyKey: null,
  sentAt: 0,
  latencyMs: 10,
  status: outcome === 'NO_ANSWER' ? null : 200,
  outcome,
  code: null,
  message: null,
  state: outcome === 'OK' && receiptNumber ? 'SUBMITTED' : null,
  receiptNumber,
  version: null,
  ...extra,
});

/** A consistent rush: f1 submitted (double click + replay), f2 submitted, f3 late, f4 only saved. */
function consistent(): { observations: Observation[]; facts: DatabaseFacts } {
  return {
    observations: [
      answer('saveDossier', 'f1', 'OK'),
      answer('saveDossier', 'f2', 'OK'),
      answer('saveDossier', 'f3', 'OK'),
      answer('saveDossier', 'f4', 'OK'),
      answer('submit', 'f1', 'OK', 'R1'),
      answer('doubleClick', 'f1', 'OK', 'R1'),
      answer('submit', 'f2', 'OK', 'R2'),
      answer('replay', 'f1', 'OK', 'R1'),
      answer('late', 'f3', 'LATE', null, { code: 'BAD_USER_INPUT' }),
      answer('replayAfterDeadline', 'f2', 'OK', 'R2'),
    ],
    facts: {
      files: [
        { id: 'f1', state: 'SUBMITTED', receiptNumber: 'R1', submittedAt: BEFORE },
        { id: 'f2', state: 'SUBMITTED', receiptNumber: 'R2', submittedAt: BEFORE },
        { id: 'f3', state: 'DRAFT', receiptNumber: null, submittedAt: null },
        { id: 'f4', state: 'DRAFT', receiptNumber: null, submittedAt: null },
      ],
      submissions: [
        { candidatureId: 'f1', receiptNumber: 'R1', idempotencyKey: 'k1' },
        { candidatureId: 'f2', receiptNumber: 'R2', idempotencyKey: 'k2' },
      ],
      emails: [
        { ref: 'f1:R1', sent: true },
        { ref: 'f2:R2', sent: false },
      ],
    },
  };
}

const failed = (observations: Observation[], facts: DatabaseFacts) =>
  checkInvariants(observations, facts, CLOSES_AT)
    .filter((c) => !c.ok)
    .map((c) => c.name);

describe('checkInvariants', () => {
  it('passes a consistent rush, counting sent and pending e-mails', () => {
    const { observations, facts } = consistent();
    const checks = checkInvariants(observations, facts, CLOSES_AT);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.find((c) => c.name.startsWith('a confirmation e-mail'))?.detail).toBe('2 for 2 submissions: 1 sent, 1 pending');
  });

  it('fails on a 5xx or a masked internal error, and on a request without an answer', () => {
    const { observations, facts } = consistent();
    expect(failed([...observations, answer('saveGrappe', 'f4', 'SERVER_ERROR', null, { code: 'INTERNAL_SERVER_ERROR' })], facts)).toEqual(['no 5xx / internal error']);
    expect(failed([...observations, answer('saveGrappe', 'f4', 'NO_ANSWER')], facts)).toEqual(['every request answered (no timeout)']);
  });

  it('fails when a save is refused (one writer per file: a CONFLICT would be a version bug)', () => {
    const { observations, facts } = consistent();
    expect(failed([...observations, answer('saveGrappe', 'f4', 'CONFLICT', null, { code: 'CONFLICT' })], facts)).toEqual(['every draft save accepted']);
  });

  it('fails on a file submitted twice', () => {
    const { observations, facts } = consistent();
    facts.submissions.push({ candidatureId: 'f1', receiptNumber: 'R1-bis', idempotencyKey: 'k1-bis' });
    expect(failed(observations, facts)).toEqual(['no duplicate submission', 'no lost submission (SUBMITTED in the database = accepted answers)']);
  });

  it('fails on an accepted answer whose file is not SUBMITTED (lost), and on a SUBMITTED file nobody was told about', () => {
    const lost = consistent();
    lost.facts.files[1] = { id: 'f2', state: 'DRAFT', receiptNumber: null, submittedAt: null };
    lost.facts.submissions.pop();
    lost.facts.emails.pop();
    expect(failed(lost.observations, lost.facts)).toContain('no lost submission (SUBMITTED in the database = accepted answers)');

    const silent = consistent();
    silent.facts.files[3] = { id: 'f4', state: 'SUBMITTED', receiptNumber: 'R4', submittedAt: BEFORE };
    silent.facts.submissions.push({ candidatureId: 'f4', receiptNumber: 'R4', idempotencyKey: 'k4' });
    silent.facts.emails.push({ ref: 'f4:R4', sent: true });
    expect(failed(silent.observations, silent.facts)).toEqual(['no lost submission (SUBMITTED in the database = accepted answers)']);
  });

  it('fails when a double click answers another receipt number or an error', () => {
    const { observations, facts } = consistent();
    const other = observations.map((o) => (o.op === 'doubleClick' ? { ...o, receiptNumber: 'R9' } : o));
    expect(failed(other, facts)).toEqual(['no lost submission (SUBMITTED in the database = accepted answers)', 'double clicks and replays answer the same submission']);
    const conflict = observations.map((o) => (o.op === 'doubleClick' ? { ...o, outcome: 'CONFLICT' as const, receiptNumber: null, code: 'CONFLICT' } : o));
    expect(failed(conflict, facts)).toEqual(['double clicks and replays answer the same submission']);
  });

  it('accepts a retry refused as LATE only when the first attempt never committed', () => {
    const { observations, facts } = consistent();
    const neverCommitted = [...observations, answer('submit', 'f4', 'NO_ANSWER'), answer('retry', 'f4', 'LATE')];
    expect(failed(neverCommitted, facts)).toEqual(['every request answered (no timeout)']);
    const committed = [...observations, answer('retry', 'f2', 'LATE')];
    expect(failed(committed, facts)).toEqual(['double clicks and replays answer the same submission']);
  });

  it('fails on a missing or duplicated confirmation e-mail', () => {
    const missing = consistent();
    missing.facts.emails.pop();
    expect(failed(missing.observations, missing.facts)).toEqual(['a confirmation e-mail in the outbox for every submission']);
    const twice = consistent();
    twice.facts.emails.push({ ref: 'f1:R1', sent: false });
    expect(failed(twice.observations, twice.facts)).toEqual(['a confirmation e-mail in the outbox for every submission']);
  });

  it('fails when a late submission is accepted or a file is stamped at the closing instant', () => {
    const accepted = consistent();
    accepted.observations = accepted.observations.map((o) => (o.op === 'late' ? { ...o, outcome: 'OK' as const, receiptNumber: 'R3', state: 'SUBMITTED' } : o));
    accepted.facts.files[2] = { id: 'f3', state: 'SUBMITTED', receiptNumber: 'R3', submittedAt: CLOSES_AT };
    accepted.facts.submissions.push({ candidatureId: 'f3', receiptNumber: 'R3', idempotencyKey: 'k3' });
    accepted.facts.emails.push({ ref: 'f3:R3', sent: true });
    expect(failed(accepted.observations, accepted.facts)).toEqual(['after the deadline: refused as LATE, file unchanged']);
  });

  it('fails when nothing was sent after the deadline (the LATE rule was not exercised)', () => {
    const { observations, facts } = consistent();
    expect(failed(observations.filter((o) => o.op !== 'late'), facts)).toEqual(['after the deadline: refused as LATE, file unchanged']);
  });

  it('fails when a submission before the deadline is refused for another reason', () => {
    const { observations, facts } = consistent();
    expect(failed([...observations, answer('submit', 'f4', 'REFUSED', null, { code: 'BAD_USER_INPUT', message: 'incomplète' })], facts)).toEqual(['every submission answered with a receipt number or LATE']);
  });
});

describe('classifyAnswer', () => {
  const field = 'submitCandidature';
  it('reads the submitted file', () => {
    expect(classifyAnswer(200, JSON.stringify({ data: { submitCandidature: { state: 'SUBMITTED', receiptNumber: 'ESMS-28-2026-0001-AR1', version: 5 } } }), field)).toEqual({
      outcome: 'OK',
      code: null,
      message: null,
      state: 'SUBMITTED',
      receiptNumber: 'ESMS-28-2026-0001-AR1',
      version: 5,
    });
  });
  it('tells LATE, CONFLICT, other refusals, masked internal errors, 5xx and no answer apart', () => {
    const error = (extensions: Record<string, unknown>) => JSON.stringify({ data: null, errors: [{ message: 'm', extensions }] });
    expect(classifyAnswer(200, error({ code: 'BAD_USER_INPUT', reason: 'LATE' }), field).outcome).toBe('LATE');
    expect(classifyAnswer(200, error({ code: 'CONFLICT' }), field).outcome).toBe('CONFLICT');
    expect(classifyAnswer(200, error({ code: 'BAD_USER_INPUT', reason: 'INCOMPLETE' }), field).outcome).toBe('REFUSED');
    expect(classifyAnswer(200, error({ code: 'INTERNAL_SERVER_ERROR' }), field).outcome).toBe('SERVER_ERROR');
    expect(classifyAnswer(200, error({}), field).outcome).toBe('SERVER_ERROR');
    expect(classifyAnswer(503, 'Service Unavailable', field)).toMatchObject({ outcome: 'SERVER_ERROR', code: 'HTTP_503' });
    expect(classifyAnswer(null, '', field).outcome).toBe('NO_ANSWER');
    expect(classifyAnswer(400, '<html>', field)).toMatchObject({ outcome: 'REFUSED', code: 'HTTP_400' });
  });
});
