/*
 * The invariants of the deadline rush (pure): what the porteurs were answered against what the candidature
 * subgraph's database holds afterwards. Any failed check makes `npm run load:deadline` exit non-zero.
 */
import { isSubmission, type Observation } from './observations';

/** Read from the candidature subgraph's tables once the stack stopped (every file of the load campaign). */
export interface DatabaseFacts {
  files: { id: string; state: string; receiptNumber: string | null; submittedAt: Date | null }[];
  /** `candidature_submission` rows of those files. */
  submissions: { candidatureId: string; receiptNumber: string; idempotencyKey: string }[];
  /** `outbox_email` rows of kind `submission_confirmation` whose ref names one of those files. */
  emails: { ref: string; sent: boolean }[];
}

export interface InvariantCheck {
  name: string;
  ok: boolean;
  detail: string;
}

const list = (values: readonly string[], max = 5) => (values.length > max ? `${values.slice(0, max).join(', ')} … (+${values.length - max})` : values.join(', '));

function countBy<T>(values: readonly T[], key: (v: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(key(v), (counts.get(key(v)) ?? 0) + 1);
  return counts;
}

export function checkInvariants(observations: readonly Observation[], facts: DatabaseFacts, closesAt: Date): InvariantCheck[] {
  const checks: InvariantCheck[] = [];
  const check = (name: string, problems: string[], okDetail: string) => checks.push({ name, ok: problems.length === 0, detail: problems.length ? problems.join('; ') : okDetail });
  const fileById = new Map(facts.files.map((f) => [f.id, f]));
  const submitted = facts.files.filter((f) => f.state === 'SUBMITTED');

  // 1. The server held: no 5xx (nor a masked internal error), every request answered.
  const serverErrors = observations.filter((o) => o.outcome === 'SERVER_ERROR');
  check('no 5xx / internal error', serverErrors.length ? [`${serverErrors.length} answers: ${list([...countBy(serverErrors, (o) => `${o.op} ${o.code}`)].map(([k, n]) => `${k} ×${n}`))}`] : [], `0 of ${observations.length} requests`);
  const unanswered = observations.filter((o) => o.outcome === 'NO_ANSWER');
  check('every request answered (no timeout)', unanswered.length ? [`${unanswered.length} without an answer: ${list([...countBy(unanswered, (o) => `${o.op} (${o.message ?? 'timeout'})`)].map(([k, n]) => `${k} ×${n}`))}`] : [], `${observations.length} answered`);

  // 2. Draft saves: one writer per file, so every save is accepted (a CONFLICT here would be a version bug).
  const saves = observations.filter((o) => !isSubmission(o.op));
  const refusedSaves = saves.filter((o) => o.outcome !== 'OK' && o.outcome !== 'SERVER_ERROR' && o.outcome !== 'NO_ANSWER');
  check('every draft save accepted', refusedSaves.length ? [`${refusedSaves.length} refused: ${list(refusedSaves.map((o) => `${o.op} ${o.code}: ${o.message}`), 3)}`] : [], `${saves.filter((o) => o.outcome === 'OK').length} saves`);

  // 3. No duplicate: one submission row per file, receipt numbers unique.
  const perFile = countBy(facts.submissions, (s) => s.candidatureId);
  const twice = [...perFile].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
  const receipts = countBy(facts.submissions, (s) => s.receiptNumber);
  const sameReceipt = [...receipts].filter(([, n]) => n > 1).map(([r, n]) => `${r} ×${n}`);
  check(
    'no duplicate submission',
    [...(twice.length ? [`files submitted more than once: ${list(twice)}`] : []), ...(sameReceipt.length ? [`receipt numbers used twice: ${list(sameReceipt)}`] : [])],
    `${facts.submissions.length} candidature_submission rows, ${receipts.size} distinct receipt numbers`,
  );

  // 4. No lost submission: the files answered "submitted" are exactly the SUBMITTED files, with the same receipt.
  const accepted = new Map<string, Set<string>>();
  for (const o of observations) {
    if (!isSubmission(o.op) || o.outcome !== 'OK') continue;
    const receipts = accepted.get(o.candidatureId) ?? new Set<string>();
    receipts.add(o.receiptNumber ?? '(none)');
    accepted.set(o.candidatureId, receipts);
  }
  const lost = [...accepted.keys()].filter((id) => fileById.get(id)?.state !== 'SUBMITTED');
  const unannounced = submitted.filter((f) => !accepted.has(f.id)).map((f) => f.id);
  const mismatched = [...accepted].filter(([id, r]) => r.size !== 1 || [...r][0] !== fileById.get(id)?.receiptNumber).map(([id, r]) => `${id}: answered ${[...r].join('/')} vs stored ${fileById.get(id)?.receiptNumber}`);
  const rowless = submitted.filter((f) => (perFile.get(f.id) ?? 0) !== 1).map((f) => f.id);
  check(
    'no lost submission (SUBMITTED in the database = accepted answers)',
    [
      ...(lost.length ? [`answered submitted but not SUBMITTED in the database: ${list(lost)}`] : []),
      ...(unannounced.length ? [`SUBMITTED without an accepted answer: ${list(unannounced)}`] : []),
      ...(mismatched.length ? [`receipt number differs: ${list(mismatched, 3)}`] : []),
      ...(rowless.length ? [`SUBMITTED without exactly one candidature_submission row: ${list(rowless)}`] : []),
    ],
    `${submitted.length} SUBMITTED = ${accepted.size} files with an accepted answer`,
  );

  // 5. Double clicks and replays of one key answer the one submission (or LATE when the first click never committed).
  const repeats = observations.filter((o) => o.op === 'doubleClick' || o.op === 'replay' || o.op === 'retry' || o.op === 'replayAfterDeadline');
  const badRepeats = repeats.filter((o) => {
    const file = fileById.get(o.candidatureId);
    if (o.outcome === 'OK') return o.receiptNumber !== file?.receiptNumber || !o.receiptNumber;
    if (o.outcome === 'LATE') return file?.state === 'SUBMITTED'; // LATE is right only when the first click never committed
    return o.outcome !== 'SERVER_ERROR' && o.outcome !== 'NO_ANSWER'; // those are counted by the first check
  });
  check(
    'double clicks and replays answer the same submission',
    badRepeats.length ? [`${badRepeats.length} answered otherwise: ${list(badRepeats.map((o) => `${o.op} ${o.candidatureId} ${o.outcome} ${o.code ?? ''} ${o.receiptNumber ?? ''}`), 3)}`] : [],
    `${repeats.filter((o) => o.outcome === 'OK').length} of ${repeats.length} repeated requests answered the file's receipt number, ${repeats.filter((o) => o.outcome === 'LATE').length} LATE for a file never submitted`,
  );

  // 6. Every submission in the rush answered with its receipt, or refused as LATE when it committed after closing.
  const firstClicks = observations.filter((o) => o.op === 'submit');
  const oddSubmits = firstClicks.filter((o) => o.outcome === 'REFUSED' || o.outcome === 'CONFLICT' || (o.outcome === 'OK' && !o.receiptNumber));
  check(
    'every submission answered with a receipt number or LATE',
    oddSubmits.length ? [`${oddSubmits.length} otherwise: ${list(oddSubmits.map((o) => `${o.candidatureId} ${o.code}: ${o.message}`), 3)}`] : [],
    `${firstClicks.filter((o) => o.outcome === 'OK').length} receipts, ${firstClicks.filter((o) => o.outcome === 'LATE').length} LATE`,
  );

  // 7. Every confirmation e-mail in the outbox, once: sent or pending, none lost.
  const emailsByRef = countBy(facts.emails, (e) => e.ref);
  const noEmail = submitted.filter((f) => (emailsByRef.get(`${f.id}:${f.receiptNumber}`) ?? 0) !== 1).map((f) => `${f.id} (${emailsByRef.get(`${f.id}:${f.receiptNumber}`) ?? 0})`);
  const submittedRefs = new Set(submitted.map((f) => `${f.id}:${f.receiptNumber}`));
  const stray = facts.emails.filter((e) => !submittedRefs.has(e.ref)).map((e) => e.ref);
  const sent = facts.emails.filter((e) => e.sent).length;
  check(
    'a confirmation e-mail in the outbox for every submission',
    [...(noEmail.length ? [`files without exactly one confirmation: ${list(noEmail)}`] : []), ...(stray.length ? [`confirmations of no submission: ${list(stray)}`] : [])],
    `${facts.emails.length} for ${submitted.length} submissions: ${sent} sent, ${facts.emails.length - sent} pending`,
  );

  // 8. The deadline: accepted strictly before closing; after it, refused as LATE and nothing changed.
  const afterClosing = submitted.filter((f) => !f.submittedAt || f.submittedAt.getTime() >= closesAt.getTime()).map((f) => `${f.id} at ${f.submittedAt?.toISOString()}`);
  const lates = observations.filter((o) => o.op === 'late');
  const notLate = lates.filter((o) => o.outcome !== 'LATE' || fileById.get(o.candidatureId)?.state !== 'DRAFT').map((o) => `${o.candidatureId} ${o.outcome} ${fileById.get(o.candidatureId)?.state}`);
  check(
    'after the deadline: refused as LATE, file unchanged',
    [...(afterClosing.length ? [`SUBMITTED at or after closing: ${list(afterClosing)}`] : []), ...(notLate.length ? [`late submissions not refused as LATE: ${list(notLate)}`] : []), ...(lates.length === 0 ? ['no submission was sent after the deadline'] : [])],
    `${lates.length} late submissions refused as LATE, still DRAFT; every SUBMITTED file stamped before ${closesAt.toISOString()}`,
  );
  return checks;
}
