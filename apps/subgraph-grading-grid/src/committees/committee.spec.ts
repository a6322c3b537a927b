/* eslint-disable @typescript-eslint/no-non-null-assertion, @typescript-eslint/no-explicit-any -- test assertions read responses already checked */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { CLAIMS_HEADER, createMailer, outboxMessageId, signClaims, startSubgraphServer, verifyClaims, type Claims, type Database, type EmailOutboxDispatcher, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { NORMANDIE_2024_GRID } from '../reference/shipped-grids';
import { syncShippedGrids } from '../reference/sync-grids';
import { definition, entities, httpRoutes, migrations } from '../subgraph';
import { decisionMailOutbox } from './decision-mail';
import { outboxHandlers } from './handlers';
import { OutboxDispatcher } from './outbox';

const normandieA = testClaims.instructeur('28', 'instructeur-normandie-a');
const normandieB = testClaims.instructeur('28', 'instructeur-normandie-b');
const paca = testClaims.instructeur('93', 'instructeur-paca');
const porteurA = testClaims.porteur(['140000011'], 'porteur-a');
const otherPorteur = testClaims.porteur(['130000099'], 'porteur-x');

interface FakeFile {
  id: string;
  reference: string;
  title: string;
  state: string;
  total: number;
  essmsCount: number;
  organismes: string[];
  porteurEmail: string;
  fields: string[];
  situations: string[];
  regions: string[];
  hasSaad: boolean;
  hasPdsPde: boolean;
  /** The ARS that grades and decides (candidature subgraph's fact, `candidatures/pivot-regions`). */
  pivotRegion: string;
  campaignId: string;
  windowCode: string;
}

const file = (reference: string, state: string, total: number, extra: Partial<FakeFile>): FakeFile => ({
  id: randomUUID(),
  reference,
  title: `Projet ${reference}`,
  state,
  total,
  essmsCount: 18,
  organismes: ['140000011'],
  porteurEmail: `porteur+${reference.toLowerCase()}@demo.test`,
  fields: ['PA'],
  situations: ['ACQUISITION'],
  regions: ['28'],
  hasSaad: false,
  hasPdsPde: false,
  pivotRegion: '28',
  campaignId: 'normandie-2024',
  windowCode: 'W1',
  ...extra,
});

/**
 * A candidature-like HTTP endpoint: pivot-regions, for-committee and events/apply (idempotent by id), failing on demand.
 * `agendaByEssmsRegion` makes for-committee list every file with an ESSMS of the region (a wrong agenda), to prove the
 * grading-grid checks the pivot ARS itself.
 */
function fakeCandidature(files: FakeFile[]) {
  const state = { failuresLeft: 0, applyCalls: 0, processed: new Set<string>(), applications: new Map<string, number>(), lastCaller: '', agendaByEssmsRegion: false };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const claims = await verifyClaims(req.headers[CLAIMS_HEADER] as string | undefined);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!claims || claims.role !== 'SERVICE') return send(401, { code: 'UNAUTHENTICATED' });
    state.lastCaller = claims.sub ?? '';
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    if (req.url === '/internal/candidatures/pivot-regions') {
      return send(200, files.filter((f) => body.ids.includes(f.id)).map((f) => ({ id: f.id, pivotRegion: f.pivotRegion, campaignId: f.campaignId, state: f.state })));
    }
    if (req.url === '/internal/candidatures/for-committee') {
      const listed = (f: FakeFile) =>
        state.agendaByEssmsRegion ? f.regions.includes(body.regionCode) : f.pivotRegion === body.regionCode && f.campaignId === body.campaignId && f.windowCode === body.windowCode;
      return send(200, files.filter((f) => listed(f) && ['IN_COMMITTEE', 'UNDER_INSTRUCTION'].includes(f.state)));
    }
    if (req.url === '/internal/events/apply') {
      state.applyCalls += 1;
      if (state.failuresLeft > 0) {
        state.failuresLeft -= 1;
        return send(503, { code: 'UNAVAILABLE' });
      }
      if (state.processed.has(body.id)) return send(200, { status: 'DUPLICATE' });
      const target = files.find((f) => f.id === body.candidatureId);
      if (!target) return send(404, { code: 'NOT_FOUND' });
      if (target.state !== 'IN_COMMITTEE') return send(409, { code: 'CONFLICT' });
      const fromState = target.state;
      target.state = body.decision;
      state.processed.add(body.id);
      state.applications.set(target.id, (state.applications.get(target.id) ?? 0) + 1);
      return send(200, { status: 'APPLIED', candidatureId: target.id, fromState, toState: target.state });
    }
    send(404, { code: 'NOT_FOUND' });
  });
  return { server, state };
}

async function waitFor<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() - start > timeoutMs) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function scoresFor(total: number) {
  let remaining = total;
  return NORMANDIE_2024_GRID.criteria.map((c) => {
    const points = Math.min(c.maxPoints, remaining);
    remaining -= points;
    return { criterionCode: c.code, points };
  });
}

const EVALUATION = 'id status total';
const GRADE = `mutation ($input: GradeCandidatureInput!) { gradeCandidature(input: $input) { ${EVALUATION} } }`;
const SIGN = `mutation ($id: ID!) { signEvaluation(id: $id) { ${EVALUATION} } }`;
const AGENDA = `query ($id: ID!) { committeeAgenda(committeeId: $id) { envelope alreadyCommitted total overEnvelope overshoot notices
  items { rank candidatureId reference fundingTotal consensus mature signedEvaluations matchedPriorityCount counted runningTotal withinEnvelope overshoot
    priorities { code status explanation } decision { id decision applied } } } }`;
const DECIDE = `mutation ($c: ID!, $f: ID!, $d: CommitteeDecisionKind!, $m: String!) {
  recordCommitteeDecision(committeeId: $c, candidatureId: $f, decision: $d, motive: $m) { id decision motive amountGranted stateBefore decidedBy applied letterUrl } }`;
const SUMMARY = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Candidature { id evaluations { id } gradingSummary { count signedCount consensus mature } } } }`;

jest.setTimeout(30_000);

describe('selection committees', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let candidature: ReturnType<typeof fakeCandidature>;
  let dispatcher: OutboxDispatcher;
  let mailDispatcher: EmailOutboxDispatcher;
  let smtp: SMTPServer;
  const mailDir = mkdtempSync(join(tmpdir(), 'esms-committee-mail-'));
  let base: string;
  const files = {
    a: file('NOR-2024-0001', 'IN_COMMITTEE', 300_000, {}),
    b: file('NOR-2024-0002', 'IN_COMMITTEE', 200_000, { fields: ['PH'], situations: ['UPGRADE'], regions: ['28', '93'], organismes: ['140000022'] }),
    c: file('NOR-2024-0003', 'UNDER_INSTRUCTION', 250_000, { fields: ['PA', 'SAAD'], hasSaad: true, essmsCount: 20, organismes: ['140000033'] }),
    d: file('NOR-2024-0004', 'UNDER_INSTRUCTION', 100_000, { fields: ['AHI'], situations: ['UPGRADE'], essmsCount: 3, organismes: ['140000044'] }),
  };
  const gql = <T>(query: string, variables: Record<string, unknown>, claims: Claims) => querySubgraph<T>(subgraph.url, query, variables, claims);

  async function gradeAndSign(claims: Claims, candidatureId: string, total: number) {
    const graded = await gql<{ gradeCandidature: { id: string } }>(GRADE, { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: scoresFor(total) } }, claims);
    expect(graded.errors).toBeUndefined();
    const signed = await gql<{ signEvaluation: { status: string } }>(SIGN, { id: graded.data!.gradeCandidature.id }, claims);
    expect(signed.data?.signEvaluation.status).toBe('SIGNED');
  }

  beforeAll(async () => {
    ensureTestSecret();
    candidature = fakeCandidature(Object.values(files));
    await new Promise<void>((r) => candidature.server.listen(0, '127.0.0.1', r));
    process.env['ESMS_CANDIDATURE_URL'] = `http://127.0.0.1:${(candidature.server.address() as AddressInfo).port}`;
    let count = 0;
    smtp = new SMTPServer({
      authOptional: true,
      closeTimeout: 200,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _s, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          count += 1;
          writeFileSync(join(mailDir, `${count}.eml`), Buffer.concat(chunks));
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    db = await openTestDatabase({ name: 'grading_committees', entities, migrations });
    await syncShippedGrids(db.dataSource);
    subgraph = await startSubgraphServer({ definition, httpRoutes, db: db.dataSource });
    base = `http://127.0.0.1:${subgraph.port}`;
    dispatcher = new OutboxDispatcher(db.dataSource, outboxHandlers(db.dataSource), { intervalMs: 40, baseDelayMs: 30, maxDelayMs: 200 }).start();
    mailDispatcher = decisionMailOutbox(db.dataSource, { mailer: createMailer(`smtp://127.0.0.1:${smtpPort}`), intervalMs: 40, baseDelayMs: 30, maxDelayMs: 200 }).start();

    await gradeAndSign(normandieA, files.a.id, 15);
    await gradeAndSign(normandieB, files.a.id, 13);
    await gradeAndSign(normandieA, files.b.id, 12);
    await gradeAndSign(normandieA, files.c.id, 8);
    await gradeAndSign(normandieB, files.c.id, 10);
  }, 60_000);

  afterAll(async () => {
    await dispatcher?.stop();
    await mailDispatcher?.stop();
    await subgraph?.stop();
    await db?.close();
    await new Promise<void>((r) => candidature.server.close(() => r()));
    await new Promise<void>((r) => smtp.close(() => r()));
  }, 30_000);

  let committeeId: string;

  it('records the regional envelope with its history and creates the committee of a window', async () => {
    const first = await gql<{ setRegionEnvelope: { amount: number } }>(`mutation { setRegionEnvelope(campaignId: "normandie-2024", amount: 500000) { amount } }`, {}, normandieA);
    expect(first.data?.setRegionEnvelope.amount).toBe(500_000);
    const second = await gql<{ setRegionEnvelope: { amount: number; history: { before: number | null; after: number; actorId: string }[] } }>(
      `mutation { setRegionEnvelope(campaignId: "normandie-2024", amount: 600000) { amount history { before after actorId } } }`,
      {},
      normandieB,
    );
    expect(second.data?.setRegionEnvelope.history[0]).toEqual({ before: 500_000, after: 600_000, actorId: 'instructeur-normandie-b' });
    const other = await gql(`mutation { setRegionEnvelope(campaignId: "normandie-2024", amount: 1) { amount } }`, {}, paca);
    expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const negative = await gql(`mutation { setRegionEnvelope(campaignId: "normandie-2024", amount: -5) { amount } }`, {}, normandieA);
    expect(negative.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const created = await gql<{ createCommittee: { id: string; status: string; windowCode: string } }>(
      `mutation { createCommittee(input: { campaignId: "normandie-2024", windowCode: "W1", sessionDate: "2024-06-20" }) { id status windowCode } }`,
      {},
      normandieA,
    );
    expect(created.data?.createCommittee).toMatchObject({ status: 'PLANNED', windowCode: 'W1' });
    committeeId = created.data!.createCommittee.id;
    const again = await gql(`mutation { createCommittee(input: { campaignId: "normandie-2024", windowCode: "W1", sessionDate: "2024-06-21" }) { id } }`, {}, normandieB);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    const pacaList = await gql<{ committees: unknown[] }>(`{ committees(campaignId: "normandie-2024") { id } }`, {}, paca);
    expect(pacaList.data?.committees).toEqual([]);
  });

  it('ranks the agenda by maturity, then priorities, then consensus, with the running total against the envelope', async () => {
    const res = await gql<{ committeeAgenda: any }>(AGENDA, { id: committeeId }, normandieA);
    expect(res.errors).toBeUndefined();
    const agenda = res.data!.committeeAgenda;
    expect(agenda.items.map((i: any) => i.reference)).toEqual(['NOR-2024-0001', 'NOR-2024-0002', 'NOR-2024-0003', 'NOR-2024-0004']);
    const [a, b, c, d] = agenda.items;
    expect(a).toMatchObject({ rank: 1, consensus: 14, mature: true, matchedPriorityCount: 3, runningTotal: 300_000, withinEnvelope: true, overshoot: 0 });
    expect(b).toMatchObject({ mature: true, consensus: 12, matchedPriorityCount: 1, runningTotal: 500_000, withinEnvelope: true });
    expect(c).toMatchObject({ mature: false, consensus: 9, matchedPriorityCount: 3, runningTotal: 750_000, withinEnvelope: false, overshoot: 150_000 });
    expect(d).toMatchObject({ mature: null, consensus: null, matchedPriorityCount: 2, runningTotal: 850_000, overshoot: 250_000 });
    expect(agenda).toMatchObject({ envelope: 600_000, total: 850_000, overEnvelope: true, overshoot: 250_000 });
    const statusOf = (item: any, code: string) => item.priorities.find((p: any) => p.code === code).status;
    expect(statusOf(a, 'P6_100_NORMANDS_W1')).toBe('MATCHED');
    expect(statusOf(b, 'P6_100_NORMANDS_W1')).toBe('NOT_MATCHED');
    expect(statusOf(a, 'P7_OG_PUBLICS')).toBe('TO_ASSESS');
    expect(statusOf(b, 'P8_MISE_EN_CONFORMITE_SONS')).toBe('TO_ASSESS');
    expect(statusOf(c, 'P5_SAAD')).toBe('MATCHED');
    expect(statusOf(d, 'P9_AHI_PJM')).toBe('MATCHED');
    expect(a.priorities.find((p: any) => p.code === 'P7_OG_PUBLICS').explanation).toMatch(/apprécier par l'ARS/);

    const outOfRegion = await gql(AGENDA, { id: committeeId }, paca);
    expect(outOfRegion.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses a decision to an instructeur of another region exactly like a non-existent committee, and without motive', async () => {
    const vars = { c: committeeId, f: files.a.id, d: 'RETAINED', m: 'Projet mature.' };
    const other = await gql(DECIDE, vars, paca);
    const missing = await gql(DECIDE, { ...vars, c: randomUUID() }, normandieA);
    expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(other.errors?.[0].message).toBe(missing.errors?.[0].message);
    const cnsa = await gql(DECIDE, vars, testClaims.cnsa());
    expect(cnsa.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const noMotive = await gql(DECIDE, { ...vars, m: '   ' }, normandieA);
    expect(noMotive.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const notInCommittee = await gql(DECIDE, { ...vars, f: files.c.id }, normandieA);
    expect(notInCommittee.errors?.[0].extensions?.code).toBe('CONFLICT');
    const notOnAgenda = await gql(DECIDE, { ...vars, f: randomUUID() }, normandieA);
    expect(notOnAgenda.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM committee_decision`)).toEqual([{ n: 0 }]);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 0 }]);
  });

  it('every committee mutation checks the region: PACA can neither create nor open a Normandie committee (deciding and closing: the tests around)', async () => {
    const create = await gql(`mutation { createCommittee(input: { campaignId: "normandie-2024", windowCode: "W2", sessionDate: "2024-10-15" }) { id } }`, {}, paca);
    expect(create.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const open = await gql(`mutation ($id: ID!) { startCommitteeSession(id: $id) { id } }`, { id: committeeId }, paca);
    const openMissing = await gql(`mutation ($id: ID!) { startCommitteeSession(id: $id) { id } }`, { id: randomUUID() }, normandieA);
    expect(open.errors?.[0]).toEqual(openMissing.errors?.[0]);
    expect(open.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM committee WHERE campaign_id = 'normandie-2024'`)).toEqual([{ n: 1 }]);
    expect(await db.dataSource.query(`SELECT status FROM committee WHERE id = $1`, [committeeId])).toEqual([{ status: 'PLANNED' }]);
  });

  it("PACA, on its own committee, cannot decide a Normandie file — not even a multiregional one with PACA ESSMS that an agenda lists — answered like a missing file", async () => {
    expect(files.b.regions).toContain('93'); // multiregional, pivot ARS Normandie: read-only for PACA
    const created = await gql<{ createCommittee: { id: string } }>(`mutation { createCommittee(input: { campaignId: "paca-2023", windowCode: "W1", sessionDate: "2023-06-20" }) { id } }`, {}, paca);
    expect(created.errors).toBeUndefined();
    const pacaCommittee = created.data!.createCommittee.id;
    candidature.state.agendaByEssmsRegion = true; // a wrong agenda must not be enough
    try {
      const agenda = await gql<{ committeeAgenda: any }>(AGENDA, { id: pacaCommittee }, paca);
      expect(agenda.data!.committeeAgenda.items.map((i: any) => i.candidatureId)).toContain(files.b.id);
      const vars = { c: pacaCommittee, d: 'RETAINED', m: 'Projet multirégional retenu.' };
      const outOfRegion = await gql(DECIDE, { ...vars, f: files.b.id }, paca);
      const missing = await gql(DECIDE, { ...vars, f: randomUUID() }, paca);
      expect(outOfRegion.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(outOfRegion.errors?.[0]).toEqual(missing.errors?.[0]);
      expect(outOfRegion.data).toEqual(missing.data);
    } finally {
      candidature.state.agendaByEssmsRegion = false;
    }
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM committee_decision`)).toEqual([{ n: 0 }]);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 0 }]);
  });

  it('hides grades from the porteur before the decision', async () => {
    const before = await gql<{ _entities: any[] }>(SUMMARY, { reps: [{ __typename: 'Candidature', id: files.a.id }] }, porteurA);
    expect(before.data?._entities[0]).toEqual({ id: files.a.id, evaluations: [], gradingSummary: { count: 0, signedCount: 0, consensus: null, mature: null } });
  });

  it('writes the decision and its outbox rows in one transaction (a failing outbox insert leaves nothing)', async () => {
    files.d.state = 'IN_COMMITTEE';
    await db.dataSource.query(`CREATE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.payload->>'candidatureId' = '${files.d.id}' THEN RAISE EXCEPTION 'outbox refused'; END IF; RETURN NEW; END $$`);
    await db.dataSource.query(`CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_outbox()`);
    try {
      const res = await gql(DECIDE, { c: committeeId, f: files.d.id, d: 'NOT_RETAINED', m: 'Grappe trop petite.' }, normandieA);
      expect(res.errors).toBeDefined();
      expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM committee_decision WHERE candidature_id = $1`, [files.d.id])).toEqual([{ n: 0 }]);
      expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM decision_letter`)).toEqual([{ n: 0 }]);
      expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM committee_event WHERE candidature_id = $1`, [files.d.id])).toEqual([{ n: 0 }]);
      expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM outbox_email`)).toEqual([{ n: 0 }]);
    } finally {
      await db.dataSource.query(`DROP TRIGGER refuse_outbox ON outbox`);
      await db.dataSource.query(`DROP FUNCTION refuse_outbox()`);
      files.d.state = 'UNDER_INSTRUCTION';
    }
  });

  it('writes the letter e-mail with the decision: a decision refused at its commit sends no letter (issue 8, line 15)', async () => {
    files.d.state = 'IN_COMMITTEE';
    // Refused AT COMMIT (deferred): an e-mail sent before the commit, or outside the transaction, would have left.
    await db.dataSource.query(`CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$`);
    await db.dataSource.query(`CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON committee_decision DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (NEW.candidature_id = '${files.d.id}') EXECUTE FUNCTION refuse_at_commit()`);
    try {
      const res = await gql(DECIDE, { c: committeeId, f: files.d.id, d: 'NOT_RETAINED', m: 'Grappe trop petite.' }, normandieA);
      expect(res.errors).toBeDefined();
      await mailDispatcher.dispatchOnce();
      expect(readdirSync(mailDir).filter((f) => f.endsWith('.eml'))).toEqual([]);
      expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM outbox_email`)).toEqual([{ n: 0 }]);
      expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM committee_decision WHERE candidature_id = $1`, [files.d.id])).toEqual([{ n: 0 }]);
    } finally {
      await db.dataSource.query(`DROP TRIGGER refuse_at_commit ON committee_decision`);
      await db.dataSource.query(`DROP FUNCTION refuse_at_commit()`);
      files.d.state = 'UNDER_INSTRUCTION';
    }
  });

  let decisionId: string;

  it('records a decision: outbox row, delivery retried until acknowledged, applied once, letter e-mailed', async () => {
    candidature.state.failuresLeft = 2;
    const res = await gql<{ recordCommitteeDecision: any }>(DECIDE, { c: committeeId, f: files.a.id, d: 'RETAINED', m: 'Projet mature (note 14), acquisition PA en grappe.' }, normandieA);
    expect(res.errors).toBeUndefined();
    const decision = res.data!.recordCommitteeDecision;
    decisionId = decision.id;
    expect(decision).toMatchObject({ decision: 'RETAINED', amountGranted: 300_000, stateBefore: 'IN_COMMITTEE', decidedBy: 'instructeur-normandie-a' });
    expect(decision.letterUrl).toBe(`/files/committees/decisions/${decisionId}/letter.pdf`);
    const outbox = await db.dataSource.query(`SELECT topic, payload FROM outbox ORDER BY topic`);
    expect(outbox.map((r: any) => r.topic)).toEqual(['candidature.events-apply']);
    // The letter e-mail was written with the decision, in the e-mail outbox.
    const [letterMail] = await db.dataSource.query(`SELECT id, to_address, subject, attachments FROM outbox_email WHERE kind = 'decision_letter' AND ref = $1`, [decisionId]);
    expect(letterMail).toMatchObject({ to_address: files.a.porteurEmail, attachments: [{ storageKey: `decision-letter/${decisionId}`, contentType: 'application/pdf' }] });
    expect(outbox[0].payload).toMatchObject({ id: decisionId, type: 'COMMITTEE_DECISION', candidatureId: files.a.id, decision: 'RETAINED', committeeId, amountGranted: 300_000 });

    await waitFor(() => candidature.state.applications.get(files.a.id) === 1);
    expect(candidature.state.applyCalls).toBeGreaterThanOrEqual(3);
    expect(candidature.state.lastCaller).toBe('grading-grid');
    expect(files.a.state).toBe('RETAINED');
    const [row] = await waitFor(async () => {
      const rows = await db.dataSource.query(`SELECT attempts, delivered_at FROM outbox WHERE topic = 'candidature.events-apply'`);
      return rows[0].delivered_at ? rows : null;
    });
    expect(row.attempts).toBe(3);
    const view = await gql<{ committee: { status: string; decisions: { applied: boolean }[] } }>(`query ($id: ID!) { committee(id: $id) { status decisions { applied } } }`, { id: committeeId }, normandieB);
    expect(view.data?.committee).toEqual({ status: 'IN_SESSION', decisions: [{ applied: true }] });

    // At least once: a redelivery is acknowledged as DUPLICATE and applied nothing.
    await db.dataSource.query(`UPDATE outbox SET delivered_at = NULL WHERE topic = 'candidature.events-apply'`);
    const calls = candidature.state.applyCalls;
    await dispatcher.kick();
    expect(candidature.state.applyCalls).toBe(calls + 1);
    expect(candidature.state.applications.get(files.a.id)).toBe(1);

    const mailFile = await waitFor(() => readdirSync(mailDir).find((f) => f.endsWith('.eml')));
    const mail = await simpleParser(readFileSync(join(mailDir, mailFile)));
    expect(mail.messageId).toBe(outboxMessageId(letterMail.id));
    expect((mail.to as any).text).toBe(files.a.porteurEmail);
    expect(mail.subject).toContain('NOR-2024-0001');
    expect(mail.text).toContain('300 000 €');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0].contentType).toBe('application/pdf');
    expect(mail.attachments[0].content.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const sent = await waitFor(async () => (await db.dataSource.query(`SELECT sent_at FROM outbox_email WHERE id = $1`, [letterMail.id]))[0].sent_at);
    const shown = await gql<{ committee: { decisions: { letterEmailedAt: string }[] } }>(`query ($id: ID!) { committee(id: $id) { decisions { letterEmailedAt } } }`, { id: committeeId }, normandieA);
    expect(new Date(shown.data!.committee.decisions[0].letterEmailedAt).getTime()).toBe(new Date(sent).getTime());

    // A letter queued by an earlier version (topic mail.decision-letter) for the same decision adds no second e-mail.
    await db.dataSource.query(`INSERT INTO outbox (id, topic, payload) VALUES ($1, 'mail.decision-letter', $2::jsonb)`, [randomUUID(), JSON.stringify({ decisionId, to: null })]);
    await waitFor(async () => (await db.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL`))[0].n === 0);
    await mailDispatcher.dispatchOnce();
    expect(readdirSync(mailDir).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM outbox_email`)).toEqual([{ n: 1 }]);
  });

  it('serves the letter PDF to the region, the CNSA and the porteur, not to others', async () => {
    const get = async (claims: Claims) =>
      fetch(`${base}/files/committees/decisions/${decisionId}/letter.pdf`, { headers: { [CLAIMS_HEADER]: await signClaims(claims) } });
    for (const claims of [normandieB, testClaims.cnsa(), porteurA]) {
      const res = await get(claims);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('%PDF');
    }
    expect((await get(paca)).status).toBe(404);
    expect((await get(otherPorteur)).status).toBe(404);
    expect((await fetch(`${base}/files/committees/decisions/${decisionId}/letter.pdf`)).status).toBe(401);
  });

  it('after the decision: the porteur sees only the consensus, grades of the file are frozen', async () => {
    const after = await gql<{ _entities: any[] }>(SUMMARY, { reps: [{ __typename: 'Candidature', id: files.a.id }] }, porteurA);
    expect(after.data?._entities[0]).toEqual({ id: files.a.id, evaluations: [], gradingSummary: { count: 0, signedCount: 0, consensus: 14, mature: true } });
    const stranger = await gql<{ _entities: any[] }>(SUMMARY, { reps: [{ __typename: 'Candidature', id: files.a.id }] }, otherPorteur);
    expect(stranger.data?._entities[0].gradingSummary.consensus).toBeNull();
    const regrade = await gql(GRADE, { input: { candidatureId: files.a.id, gridId: NORMANDIE_2024_GRID.id, scores: scoresFor(20) } }, testClaims.instructeur('28', 'instructeur-normandie-c'));
    expect(regrade.errors?.[0].extensions?.code).toBe('CONFLICT');
    const twice = await gql(DECIDE, { c: committeeId, f: files.a.id, d: 'NOT_RETAINED', m: 'Changement d’avis.' }, normandieB);
    expect(twice.errors?.[0].extensions?.code).toBe('NOT_FOUND'); // no longer on the agenda of the window (RETAINED)
    // The decided file stays on the agenda with its decision and granted amount.
    const agenda = await gql<{ committeeAgenda: any }>(AGENDA, { id: committeeId }, normandieA);
    expect(agenda.data!.committeeAgenda.items[0]).toMatchObject({ reference: 'NOR-2024-0001', fundingTotal: 300_000, decision: { decision: 'RETAINED', applied: true } });
  });

  it('closes the committee: no decision afterwards, other regions cannot close it', async () => {
    const other = await gql(`mutation ($id: ID!) { closeCommittee(id: $id) { id } }`, { id: committeeId }, paca);
    expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const closed = await gql<{ closeCommittee: { status: string; closedAt: string } }>(`mutation ($id: ID!) { closeCommittee(id: $id) { status closedAt } }`, { id: committeeId }, normandieA);
    expect(closed.data?.closeCommittee.status).toBe('CLOSED');
    const late = await gql(DECIDE, { c: committeeId, f: files.b.id, d: 'POSTPONED', m: 'À revoir.' }, normandieA);
    expect(late.errors?.[0].extensions?.code).toBe('CONFLICT');
    const events = await db.dataSource.query(`SELECT action, actor_id, before, after FROM committee_event WHERE committee_id = $1 ORDER BY at, action`, [committeeId]);
    expect(events.map((e: any) => e.action)).toEqual(expect.arrayContaining(['CREATED', 'SESSION_STARTED', 'DECISION_RECORDED', 'CLOSED']));
    const recorded = events.find((e: any) => e.action === 'DECISION_RECORDED');
    expect(recorded).toMatchObject({ actor_id: 'instructeur-normandie-a', before: { state: 'IN_COMMITTEE', decision: null }, after: { decision: 'RETAINED' } });
  });
});
