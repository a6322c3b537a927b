/**
 * Issue 8, line 15 — crash consistency, tried for real. The candidature and grading-grid subgraphs run here as their
 * own processes (on their own PGlite folders, or PostgreSQL databases with ESMS_TEST_POSTGRES=1), with the shared
 * stack's annuaire and a real SMTP server of this file. Each is started with a pause point (server-kit `testPause`),
 * sent a submission or a committee decision, `kill -9`ed while it waits between the steps, and restarted:
 * - before the commit, the file is entirely before (state, version, event, receipt number, récapitulatif row) and no
 *   e-mail ever leaves;
 * - after the commit, it is entirely after, and its e-mail leaves exactly once, through the outbox, after the restart;
 * - no row is left without its piece or letter, nothing is applied twice (committee decision → candidature state).
 */
import { CLAIMS_HEADER, signClaims, type Claims } from '@esms/server-kit';
import { freePort } from '@esms/stack';
import { simpleParser, type ParsedMail } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startSmtpCapture } from '../support/smtp-capture';
import { stackInfo } from '../support/stack-file';
import { SubgraphProcess, type CrashSubgraph } from './subgraph-process';

jest.setTimeout(20 * 60_000);

/* eslint-disable @typescript-eslint/no-explicit-any -- answers read after their errors are asserted */

const AJONCS = '505509521'; // Les Ajoncs du Cotentin (demo flow): Normandie ESSMS without funding history, a demo file IN_COMMITTEE
const LONG = String(3_600_000); // outbox polling while paused: only what the crash test drives may send
const SHORT = '300';
const POSTGRES = process.env['ESMS_TEST_POSTGRES'] === '1';
const POSTGRES_ADMIN_URL = process.env['ESMS_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const porteurClaims = (email: string): Claims => ({ sub: randomUUID(), role: 'PORTEUR', organismes: [AJONCS], regionCode: null, departements: [], scopes: [], email }) as Claims;
const instructeur: Claims = { sub: randomUUID(), role: 'INSTRUCTEUR', organismes: [], regionCode: '28', departements: [], scopes: [] } as Claims;
const cnsa: Claims = { sub: randomUUID(), role: 'CNSA', organismes: [], regionCode: null, departements: [], scopes: [] } as Claims;

async function gql<T = any>(url: string, query: string, variables: Record<string, unknown>, claims: Claims): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signClaims(claims) }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as any;
}

/** The ESSMS of an organisme of the demo FiNESS flow in Normandie (what the annuaire of the stack holds). */
function normandieEssms(finessEj: string): string[] {
  const flow = JSON.parse(readFileSync(join(__dirname, '../../../../tools/demo-data/demo-structures.json'), 'utf8')) as { pmej: any[] };
  const org = flow.pmej.find((p) => p.informationsGeneralesPmej.numFinessPm === finessEj)!;
  return org.ege
    .filter((e: any) => e.etatObjet.code === 'A' && /^(14|27|50|61|76)/.test(e.informationsGeneralesEGE.numFinessEge))
    .map((e: any) => e.informationsGeneralesEGE.numFinessEge as string);
}

/** What became of a request sent to a process killed while it handled it. */
const answered = (body: unknown) => ({ answered: body });
const cut = (error: Error) => ({ cut: String(error?.message ?? error) });

const pdf = (label: string) => Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${label}\ntrailer<</Root 1 0 R>>\n%%EOF\n`, 'latin1');

/** Reads a subgraph's database once its process is stopped (PGlite: the folder; PostgreSQL: the database). */
async function readDatabase<T>(target: { url?: string; dir: string }, read: (query: (sql: string, params?: unknown[]) => Promise<any[]>) => Promise<T>): Promise<T> {
  if (target.url) {
    const client = new Client({ connectionString: target.url });
    await client.connect();
    try {
      return await read(async (sql, params) => (await client.query(sql, params as unknown[])).rows);
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(target.dir);
  try {
    return await read(async (sql, params) => (await db.query<any>(sql, params as unknown[])).rows);
  } finally {
    await db.close();
  }
}

describe('crash consistency: kill -9 between the steps of a submission and of a committee decision (issue 8, line 15)', () => {
  const { urls } = stackInfo();
  const root = mkdtempSync(join(tmpdir(), 'esms-crash-'));
  const dataDir = join(root, 'data');
  const smtpDir = join(root, 'smtp');
  const databases: Record<CrashSubgraph, { url?: string; dir: string }> = { candidature: { dir: join(dataDir, 'candidature') }, 'grading-grid': { dir: join(dataDir, 'grading-grid') } };
  const running = new Set<SubgraphProcess>();
  let smtp: { url: string; stop(): Promise<void> };
  let ports: Record<CrashSubgraph, number>;

  const porteurA = porteurClaims(`crash.avant.${Date.now()}@exemple.fr`);
  const porteurB = porteurClaims(`crash.apres.${Date.now()}@exemple.fr`);
  let fileA: { id: string; version: number; reference: string };
  let fileB: { id: string; version: number; reference: string };
  let candidature: SubgraphProcess; // the one currently running
  let committeeFile: { id: string; reference: string; windowCode: string };
  let committeeId: string;

  const start = async (name: CrashSubgraph, pauseAt: string | null) => {
    const proc = await SubgraphProcess.start(
      name,
      ports[name],
      {
        ESMS_DATA_DIR: dataDir,
        ESMS_OUTBOX_DIR: join(root, 'outbox'),
        ESMS_DEMO: '1',
        ESMS_ANNUAIRE_URL: urls.annuaire,
        ESMS_CANDIDATURE_URL: `http://127.0.0.1:${ports.candidature}`,
        ESMS_GRADING_URL: `http://127.0.0.1:${ports['grading-grid']}`,
        SMTP_URL: smtp.url,
        ESMS_ANTIVIRUS: 'off', // the antivirus is not the subject here (src/pieces/antivirus.spec.ts)
        ESMS_CLAMD_SOCKET: undefined,
        ESMS_CLAMD_HOST: undefined,
        LOG_LEVEL: 'warn',
        ESMS_TEST_PAUSE_AT: pauseAt ?? undefined,
        ESMS_OUTBOX_INTERVAL_MS: pauseAt ? LONG : SHORT,
        DATABASE_URL: undefined,
        DATABASE_URL_CANDIDATURE: databases.candidature.url,
        DATABASE_URL_GRADING_GRID: databases['grading-grid'].url,
      },
      join(root, `${name}.log`),
    );
    running.add(proc);
    return proc;
  };
  const kill9 = async (proc: SubgraphProcess) => {
    await proc.kill9();
    running.delete(proc);
  };
  const stop = async (proc: SubgraphProcess) => {
    await proc.stop();
    running.delete(proc);
  };

  const mails = async (): Promise<ParsedMail[]> => {
    const files = existsSync(smtpDir) ? readdirSync(smtpDir).filter((f) => f.endsWith('.eml')).sort() : [];
    return Promise.all(files.map((f) => simpleParser(readFileSync(join(smtpDir, f)))));
  };
  const mailsTo = async (address: string, subject: RegExp) => (await mails()).filter((m) => JSON.stringify(m.to ?? '').toLowerCase().includes(address.toLowerCase()) && subject.test(m.subject ?? ''));
  /** Waits for the first message, then two more poller rounds, and returns all that arrived: a duplicate would be there. */
  const settledMailsTo = async (address: string, subject: RegExp, timeoutMs = 60_000) => {
    const started = Date.now();
    while ((await mailsTo(address, subject)).length === 0) {
      if (Date.now() - started > timeoutMs) throw new Error(`no e-mail to ${address} matching ${subject} within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 3 * Number(SHORT) + 1000));
    return mailsTo(address, subject);
  };

  const read = async (url: string, id: string, claims: Claims) => {
    const res = await gql(url, `query($id: ID!) { candidature(id: $id) { id state version submittedAt receiptNumber history { action } } }`, { id }, claims);
    expect(res.errors).toBeUndefined();
    return res.data!.candidature as { id: string; state: string; version: number; submittedAt: string | null; receiptNumber: string | null; history: { action: string }[] };
  };
  const recapitulatif = async (url: string, id: string, claims: Claims) => {
    const response = await fetch(`${url}/files/candidatures/${id}/recapitulatif.pdf`, { headers: { [CLAIMS_HEADER]: await signClaims(claims) } });
    const body = Buffer.from(await response.arrayBuffer());
    return { status: response.status, pdf: body.subarray(0, 4).toString('latin1') === '%PDF' };
  };
  /** A complete draft on the open demo campaign: three ESSMS, every required piece uploaded (real files). */
  const submittableDraft = async (url: string, claims: Claims, title: string, essms: string[]) => {
    const created = await gql(url, `mutation($i: CreateCandidatureInput!) { createCandidature(input: $i) { id } }`, { i: { campaignId: 'normandie-2026-demo', title, organismeFinessEj: AJONCS } }, claims);
    expect(created.errors).toBeUndefined();
    const id = created.data.createCandidature.id as string;
    const added = await gql(url, `mutation($id: ID!, $m: [GrappeMemberInput!]!) { addGrappeMembers(id: $id, members: $m) { id } }`, { id, m: essms.map((finess) => ({ finess, situation: 'ACQUISITION' })) }, claims);
    expect(added.errors).toBeUndefined();
    const needs = await gql(url, `query($id: ID!) { candidature(id: $id) { pieces { code requirement } } }`, { id }, claims);
    for (const piece of needs.data.candidature.pieces.filter((p: { requirement: string }) => p.requirement === 'REQUIRED')) {
      const upload = await fetch(`${url}/files/candidatures/${id}/pieces/${piece.code}`, {
        method: 'POST',
        body: new Uint8Array(pdf(`${title} ${piece.code}`)),
        headers: { [CLAIMS_HEADER]: await signClaims(claims), 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(`${piece.code}.pdf`) },
      });
      expect({ piece: piece.code, status: upload.status }).toEqual({ piece: piece.code, status: 201 });
    }
    const check = await gql(url, `query($id: ID!) { candidature(id: $id) { id version reference submissionCheck { canSubmit problems } } }`, { id }, claims);
    expect(check.data.candidature.submissionCheck).toEqual({ canSubmit: true, problems: [] });
    return { id, version: check.data.candidature.version as number, reference: check.data.candidature.reference as string };
  };
  const submit = (url: string, file: { id: string; version: number }, claims: Claims, key: string) =>
    gql(url, `mutation($id: ID!, $v: Int, $k: String) { submitCandidature(id: $id, expectedVersion: $v, idempotencyKey: $k) { id state receiptNumber } }`, { id: file.id, v: file.version, k: key }, claims);
  const decide = (url: string) =>
    gql(url, `mutation($c: ID!, $f: ID!) { recordCommitteeDecision(committeeId: $c, candidatureId: $f, decision: RETAINED, motive: "Projet mature, grappe cohérente.") { id decision } }`, { c: committeeId, f: committeeFile.id }, instructeur);
  const porteurOfAjoncs = `porteur.${AJONCS}@demo.esms-numerique.fr`;

  beforeAll(async () => {
    smtp = await startSmtpCapture(smtpDir);
    ports = { candidature: await freePort(), 'grading-grid': await freePort() };
    if (POSTGRES) {
      const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await admin.connect();
      for (const name of ['candidature', 'grading-grid'] as const) {
        const db = `esms_crash_${name.replace('-', '_')}_${randomUUID().slice(0, 8)}`;
        await admin.query(`CREATE DATABASE ${db}`);
        const url = new URL(POSTGRES_ADMIN_URL);
        url.pathname = `/${db}`;
        databases[name].url = url.toString();
      }
      await admin.end();
    }
  });

  afterAll(async () => {
    await Promise.all([...running].map((p) => p.stop()));
    await smtp?.stop();
    if (POSTGRES) {
      const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await admin.connect();
      for (const { url } of Object.values(databases)) if (url) await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('submission killed before its commit: after the restart the file is entirely before, and no e-mail ever leaves', async () => {
    candidature = await start('candidature', 'submission:before-commit');
    const essms = normandieEssms(AJONCS);
    fileA = await submittableDraft(candidature.url, porteurA, 'Crash avant la validation', essms.slice(0, 3));
    fileB = await submittableDraft(candidature.url, porteurB, 'Crash après la validation', essms.slice(3, 6));
    const before = await read(candidature.url, fileA.id, porteurA);

    const answer = submit(candidature.url, fileA, porteurA, `crash-a-${fileA.id}`).then(answered, cut);
    await candidature.pausedAt('submission:before-commit');
    await kill9(candidature);
    expect(await answer).toEqual({ cut: expect.any(String) }); // the connection was cut: the porteur never got a receipt

    candidature = await start('candidature', 'submission:after-commit'); // restart (paused elsewhere, for the next case)
    const after = await read(candidature.url, fileA.id, porteurA);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ state: 'DRAFT', submittedAt: null, receiptNumber: null });
    expect(after.history.map((h) => h.action)).not.toContain('submit');
    expect(await recapitulatif(candidature.url, fileA.id, porteurA)).toMatchObject({ status: 404 });
    expect(await mailsTo(porteurA.email!, /./)).toEqual([]);
  });

  it('submission killed after its commit: entirely after, and its confirmation leaves once, through the outbox, after the restart', async () => {
    const answer = submit(candidature.url, fileB, porteurB, `crash-b-${fileB.id}`).then(answered, cut);
    await candidature.pausedAt('submission:after-commit');
    await kill9(candidature);
    expect(await answer).toEqual({ cut: expect.any(String) });
    expect(await mailsTo(porteurB.email!, /./)).toEqual([]); // committed, not sent yet

    candidature = await start('candidature', null);
    const b = await read(candidature.url, fileB.id, porteurB);
    expect(b).toMatchObject({ state: 'SUBMITTED', version: fileB.version + 1, receiptNumber: `${fileB.reference}-AR1` });
    expect(b.history.filter((h) => h.action === 'submit')).toHaveLength(1);
    expect(await recapitulatif(candidature.url, fileB.id, porteurB)).toEqual({ status: 200, pdf: true });
    const confirmations = await settledMailsTo(porteurB.email!, /déposée/);
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0].subject).toContain(`${fileB.reference}-AR1`);
    expect(confirmations[0].messageId).toMatch(/^<[0-9a-f-]{36}@esms-numerique>$/);
    expect(confirmations[0].attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    // The retry of the porteur who never got an answer (same idempotency key): the same submission, no second e-mail.
    const retried = await submit(candidature.url, fileB, porteurB, `crash-b-${fileB.id}`);
    expect(retried.errors).toBeUndefined();
    expect(retried.data.submitCandidature).toEqual({ id: fileB.id, state: 'SUBMITTED', receiptNumber: `${fileB.reference}-AR1` });
    expect(await settledMailsTo(porteurB.email!, /déposée/)).toHaveLength(1);

    // The file interrupted before its commit never sent anything; it can be submitted now, once.
    expect(await mailsTo(porteurA.email!, /./)).toEqual([]);
    const a = await submit(candidature.url, fileA, porteurA, `crash-a-${fileA.id}`);
    expect(a.errors).toBeUndefined();
    expect(a.data.submitCandidature).toMatchObject({ state: 'SUBMITTED', receiptNumber: `${fileA.reference}-AR1` });
    expect(await settledMailsTo(porteurA.email!, /déposée/)).toHaveLength(1);
  });

  it('committee decision killed before its commit: nothing decided, the file still in committee, no letter', async () => {
    const listed = await gql(candidature.url, `query { candidatures(filter: { campaignId: "normandie-2024", states: [IN_COMMITTEE], organismeFinessEj: "${AJONCS}" }) { id reference windowCode } }`, {}, cnsa);
    expect(listed.errors).toBeUndefined();
    committeeFile = listed.data.candidatures[0];
    expect(committeeFile?.windowCode).toBeTruthy();

    let grading = await start('grading-grid', 'committee-decision:before-commit');
    const created = await gql(grading.url, `mutation($w: String!) { createCommittee(input: { campaignId: "normandie-2024", windowCode: $w, sessionDate: "2024-06-20" }) { id status } }`, { w: committeeFile.windowCode }, instructeur);
    expect(created.errors).toBeUndefined();
    committeeId = created.data.createCommittee.id;

    const answer = decide(grading.url).then(answered, cut);
    await grading.pausedAt('committee-decision:before-commit');
    await kill9(grading);
    expect(await answer).toEqual({ cut: expect.any(String) });

    grading = await start('grading-grid', 'committee-decision:after-commit');
    const committee = await gql(grading.url, `query($id: ID!) { committee(id: $id) { status decisions { id } } }`, { id: committeeId }, instructeur);
    expect(committee.data).toEqual({ committee: { status: 'PLANNED', decisions: [] } });
    expect((await read(candidature.url, committeeFile.id, cnsa)).state).toBe('IN_COMMITTEE');
    expect(await mailsTo(porteurOfAjoncs, /Décision du comité/)).toEqual([]);

    // Same process (paused after the commit this time): the next case.
    const again = decide(grading.url).then(answered, cut);
    await grading.pausedAt('committee-decision:after-commit');
    await kill9(grading);
    expect(await again).toEqual({ cut: expect.any(String) });
  });

  it('committee decision killed after its commit: decided once, applied once to the file, the letter leaves once after the restart', async () => {
    expect((await read(candidature.url, committeeFile.id, cnsa)).state).toBe('IN_COMMITTEE'); // the event waits in the outbox
    expect(await mailsTo(porteurOfAjoncs, /Décision du comité/)).toEqual([]);

    const grading = await start('grading-grid', null);
    const started = Date.now();
    while ((await read(candidature.url, committeeFile.id, cnsa)).state !== 'RETAINED') {
      if (Date.now() - started > 60_000) throw new Error('the decision did not reach the candidature subgraph after the restart');
      await new Promise((r) => setTimeout(r, 200));
    }
    const letters = await settledMailsTo(porteurOfAjoncs, /Décision du comité/);
    expect(letters).toHaveLength(1);
    expect(letters[0].subject).toContain(committeeFile.reference);
    expect(letters[0].attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    const history = (await read(candidature.url, committeeFile.id, cnsa)).history.map((h) => h.action);
    expect(history.filter((action) => action === 'retain')).toHaveLength(1);
    const committee = await gql(grading.url, `query($id: ID!) { committee(id: $id) { status decisions { decision applied letterEmailedAt } } }`, { id: committeeId }, instructeur);
    expect(committee.data.committee.status).toBe('IN_SESSION');
    expect(committee.data.committee.decisions).toEqual([{ decision: 'RETAINED', applied: true, letterEmailedAt: expect.any(String) }]);
    await stop(grading);
  });

  it('the databases after the crashes: one submission, event, receipt and récapitulatif per file, no row without its piece, every e-mail sent once', async () => {
    await stop(candidature);
    const files = [fileA, fileB];
    const facts = await readDatabase(databases.candidature, async (query) => ({
      submissions: await query(`SELECT candidature_id, count(*)::int AS n, min(receipt_number) AS receipt FROM candidature_submission WHERE candidature_id = ANY($1::uuid[]) GROUP BY candidature_id ORDER BY candidature_id`, [files.map((f) => f.id)]),
      events: await query(`SELECT candidature_id, count(*)::int AS n FROM candidature_event WHERE action = 'submit' AND candidature_id = ANY($1::uuid[]) GROUP BY candidature_id ORDER BY candidature_id`, [files.map((f) => f.id)]),
      recaps: await query(`SELECT candidature_id, storage_key FROM candidature_recapitulatif WHERE candidature_id = ANY($1::uuid[]) ORDER BY candidature_id`, [files.map((f) => f.id)]),
      pieces: await query(`SELECT storage_key FROM candidature_piece WHERE candidature_id = ANY($1::uuid[])`, [files.map((f) => f.id)]),
      confirmations: await query(`SELECT ref, sent_at IS NOT NULL AS sent, count(*) OVER (PARTITION BY ref)::int AS n FROM outbox_email WHERE kind = 'submission_confirmation' AND ref LIKE ANY($1::text[])`, [
        files.map((f) => `${f.id}:%`),
      ]),
      unsent: await query(`SELECT count(*)::int AS n FROM outbox_email WHERE sent_at IS NULL`),
      retained: await query(`SELECT count(*)::int AS n FROM candidature_event WHERE candidature_id = $1 AND action = 'retain'`, [committeeFile.id]),
    }));
    const ids = files.map((f) => f.id).sort();
    expect(facts.submissions).toEqual(ids.map((id) => ({ candidature_id: id, n: 1, receipt: `${files.find((f) => f.id === id)!.reference}-AR1` })));
    expect(facts.events).toEqual(ids.map((id) => ({ candidature_id: id, n: 1 })));
    expect(facts.recaps.map((r: any) => r.candidature_id)).toEqual(ids);
    // No row without its object: every récapitulatif and piece row points to a stored file.
    for (const { storage_key } of [...facts.recaps, ...facts.pieces]) expect({ storage_key, stored: existsSync(join(dataDir, 'candidature-pieces', storage_key)) }).toEqual({ storage_key, stored: true });
    expect(facts.pieces.length).toBeGreaterThan(0);
    expect(facts.confirmations.map((c: any) => ({ sent: c.sent, n: c.n }))).toEqual([{ sent: true, n: 1 }, { sent: true, n: 1 }]);
    expect(facts.unsent).toEqual([{ n: 0 }]);
    expect(facts.retained).toEqual([{ n: 1 }]);

    const grading = await readDatabase(databases['grading-grid'], async (query) => ({
      decisions: await query(`SELECT count(*)::int AS n FROM committee_decision WHERE committee_id = $1`, [committeeId]),
      recorded: await query(`SELECT count(*)::int AS n FROM committee_event WHERE committee_id = $1 AND action = 'DECISION_RECORDED'`, [committeeId]),
      letters: await query(`SELECT count(*)::int AS n FROM decision_letter l JOIN committee_decision d ON d.id = l.decision_id WHERE d.committee_id = $1`, [committeeId]),
      events: await query(`SELECT count(*)::int AS n, bool_and(delivered_at IS NOT NULL) AS delivered FROM outbox WHERE topic = 'candidature.events-apply'`),
      mails: await query(`SELECT count(*)::int AS n, bool_and(sent_at IS NOT NULL) AS sent FROM outbox_email WHERE kind = 'decision_letter'`),
    }));
    expect(grading).toEqual({ decisions: [{ n: 1 }], recorded: [{ n: 1 }], letters: [{ n: 1 }], events: [{ n: 1, delivered: true }], mails: [{ n: 1, sent: true }] });
  });
});
