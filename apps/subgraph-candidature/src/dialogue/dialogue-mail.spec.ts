import { createMailer, outboxMessageId, setOutboxMailer, startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { simpleParser, type ParsedMail } from 'mailparser';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { attachRequiredPieces } from '../pieces/pieces.testing';
import { definition, entities, migrations } from '../subgraph';
import { mailOutbox } from '../submission/mail-outbox';
import { startFakeAnnuaire, type FakeAnnuaire } from '../testing/fake-annuaire';
import { finess, insertOpenCampaign } from '../testing/fixtures';

jest.setTimeout(120_000);

/*
 * Issue 8 line 15, e-mails: every dialogue e-mail (complement request and answer, messages, reopening) is written in
 * the transaction of its change (server-kit outbox_email) and leaves through the outbox: a change that does not
 * commit sends nothing, an SMTP failure or an annuaire that does not answer loses nothing, nothing leaves twice.
 */
const PORTEUR_ID = '51111111-1111-4111-8111-111111111111';
const INSTR_ID = '52222222-2222-4222-8222-222222222222';
const EJ = finess('14', 930001);
const porteur: Claims = testClaims.porteur([EJ], PORTEUR_ID);
const instr28: Claims = testClaims.instructeur('28', INSTR_ID);
const PORTEUR_MAIL = 'porteur.dialogue@example.fr';
const INSTR_MAIL = 'instructeur.dialogue@ars.example.fr';

/** A real SMTP server keeping what it receives; `refuse` answers 451 (temporary failure). */
async function smtpCapture() {
  const received: ParsedMail[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.refuse) return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push(mail);
          callback();
        });
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { received, state, url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

const toOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text;

describe('dialogue e-mails through the outbox (issue 8, line 15)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let annuaire: FakeAnnuaire;
  let smtp: Awaited<ReturnType<typeof smtpCapture>>;
  let n = 0;
  const q = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, claims: Claims) => querySubgraph<T>(subgraph.url, query, variables, claims);
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => db.dataSource.query(text, params) as Promise<T[]>;
  const outboxOf = (kind: string) => sql<{ id: string; to_address: string; subject: string; sent_at: Date | null; attempts: number; last_error: string | null }>(`SELECT * FROM outbox_email WHERE kind = $1 ORDER BY created_at`, [kind]);
  const flush = () => mailOutbox(db.dataSource).dispatchOnce();

  /** A submitted file of the porteur, assigned to the instructeur. */
  const submittedFile = async () => {
    const created = await q<{ createCandidature: { id: string } }>(`mutation($i: CreateCandidatureInput!) { createCandidature(input: $i) { id } }`, { i: { campaignId: 'dialogue-28', title: `Dialogue ${++n}`, organismeFinessEj: EJ } }, porteur);
    expect(created.errors).toBeUndefined();
    const id = created.data!.createCandidature.id;
    const member = finess('14', 931000 + n);
    annuaire.establishments.set(member, { name: `EHPAD du dialogue ${n}`, category: '500', field: 'PA', departement: '14' });
    expect((await q(`mutation($id: ID!, $m: [GrappeMemberInput!]!) { addGrappeMembers(id: $id, members: $m) { id } }`, { id, m: [{ finess: member, situation: 'ACQUISITION' }] }, porteur)).errors).toBeUndefined();
    await attachRequiredPieces(db.dataSource, id);
    expect((await q(`mutation($id: ID!) { submitCandidature(id: $id) { state } }`, { id }, porteur)).errors).toBeUndefined();
    expect((await q(`mutation($id: ID!, $a: ID) { assignInstructeur(id: $id, accountId: $a) { id } }`, { id, a: INSTR_ID }, instr28)).errors).toBeUndefined();
    return id;
  };
  const requestComplement = (id: string) =>
    q<{ requestComplement: { state: string } }>(`mutation($id: ID!) { requestComplement(id: $id, parts: [pieces], message: "Merci de joindre le plan de financement (P09).") { state } }`, { id }, instr28);
  const stateOf = async (id: string) => (await sql<{ state: string }>(`SELECT state FROM candidature WHERE id = $1`, [id]))[0].state;

  beforeAll(async () => {
    ensureTestSecret();
    process.env['ESMS_DATA_DIR'] = mkdtempSync(join(tmpdir(), 'dialogue-mail-'));
    process.env['ESMS_ANTIVIRUS'] = 'off';
    annuaire = await startFakeAnnuaire();
    annuaire.accounts.set(PORTEUR_ID, { email: PORTEUR_MAIL, displayName: 'Alex Porteur', role: 'PORTEUR', regionCode: null });
    annuaire.accounts.set(INSTR_ID, { email: INSTR_MAIL, displayName: 'Camille Normandie', role: 'INSTRUCTEUR', regionCode: '28' });
    process.env['ESMS_ANNUAIRE_URL'] = annuaire.url;
    smtp = await smtpCapture();
    setOutboxMailer(createMailer(smtp.url));
    db = await openTestDatabase({ name: 'dialogue_mail', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    await insertOpenCampaign(db.dataSource, 'dialogue-28', '28');
    subgraph = await startSubgraphServer({ definition, db: db.dataSource });
  });
  afterAll(async () => {
    setOutboxMailer(null);
    await mailOutbox(db.dataSource).stop();
    await subgraph?.stop();
    await db?.close();
    await annuaire?.close();
    await smtp?.stop();
    delete process.env['ESMS_ANNUAIRE_URL'];
  });
  beforeEach(() => {
    smtp.received.length = 0;
    smtp.state.refuse = false;
  });

  it('each dialogue e-mail is committed with its change and leaves once, with the Message-ID of its outbox row', async () => {
    const id = await submittedFile();
    const cases: { name: string; act: () => Promise<{ errors?: unknown }>; kind: string; to: string; subject: RegExp }[] = [
      { name: 'complement request → porteur', act: () => requestComplement(id), kind: 'complement_request', to: PORTEUR_MAIL, subject: /^Compléments demandés/ },
      { name: 'complement answer → instructeur', act: () => q(`mutation($id: ID!) { answerComplement(id: $id, message: "P09 jointe.") { state } }`, { id }, porteur), kind: 'complement_answer', to: INSTR_MAIL, subject: /^Compléments reçus/ },
      { name: 'ARS message → porteur', act: () => q(`mutation($id: ID!) { sendMessage(id: $id, body: "Bien reçu.") { id } }`, { id }, instr28), kind: 'dialogue_message', to: PORTEUR_MAIL, subject: /^Message de l'ARS/ },
      { name: 'porteur message → instructeur', act: () => q(`mutation($id: ID!) { sendMessage(id: $id, body: "Merci.") { id } }`, { id }, porteur), kind: 'dialogue_message', to: INSTR_MAIL, subject: /^Nouveau message du porteur/ },
      {
        name: 'late file reopened → porteur',
        act: async () => {
          const declared = await q(`mutation($id: ID!) { fireCandidatureAction(id: $id, action: "declare_non_recevable", comment: "Déposé après la clôture.") { state } }`, { id }, instr28);
          expect(declared.errors).toBeUndefined();
          return q(`mutation($id: ID!) { reopenLateFile(id: $id, reason: "Ajustement convenu avec l'ARS.") { state } }`, { id }, instr28);
        },
        kind: 'file_reopened',
        to: PORTEUR_MAIL,
        subject: /^Dossier rouvert/,
      },
    ];
    for (const c of cases) {
      smtp.received.length = 0;
      const before = (await outboxOf(c.kind)).length;
      const res = await c.act();
      expect({ case: c.name, errors: res.errors }).toEqual({ case: c.name, errors: undefined });
      const rows = await outboxOf(c.kind);
      expect({ case: c.name, rows: rows.length }).toEqual({ case: c.name, rows: before + 1 });
      const row = rows.at(-1)!;
      expect({ case: c.name, to: row.to_address, sent: row.sent_at !== null }).toEqual({ case: c.name, to: c.to, sent: true });
      // Sent after the commit, by the outbox: exactly this row, once.
      expect({ case: c.name, mails: smtp.received.map((m) => [m.messageId, toOf(m)]) }).toEqual({ case: c.name, mails: [[outboxMessageId(row.id), c.to]] });
      expect(smtp.received[0].subject).toMatch(c.subject);
      expect(await flush()).toBe(0);
      expect(smtp.received).toHaveLength(1);
    }
  });

  it('a complement request that fails at its commit sends no e-mail and changes nothing', async () => {
    const id = await submittedFile();
    // Refuses the transaction AT COMMIT (deferred): whatever was written before, the e-mail included, must vanish with it.
    await sql(`CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$`);
    await sql(`CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON candidature_event DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (NEW.candidature_id = '${id}' AND NEW.action = 'request_complement') EXECUTE FUNCTION refuse_at_commit()`);
    try {
      const before = (await outboxOf('complement_request')).length;
      const res = await requestComplement(id);
      expect(res.errors?.[0]).toBeDefined();
      expect(await stateOf(id)).toBe('SUBMITTED');
      expect(await sql(`SELECT id FROM complement_request WHERE candidature_id = $1`, [id])).toEqual([]);
      expect(await outboxOf('complement_request')).toHaveLength(before);
      await flush();
      expect(smtp.received).toEqual([]);
    } finally {
      await sql(`DROP TRIGGER refuse_at_commit ON candidature_event`);
      await sql(`DROP FUNCTION refuse_at_commit()`);
    }
  });

  it('SMTP refusing: the request stands, its e-mail waits in the outbox and leaves once SMTP accepts', async () => {
    const id = await submittedFile();
    smtp.state.refuse = true;
    const res = await requestComplement(id);
    expect(res.errors).toBeUndefined();
    expect(res.data!.requestComplement.state).toBe('COMPLEMENT_REQUESTED');
    const [waiting] = (await outboxOf('complement_request')).filter((r) => r.sent_at === null);
    expect(waiting).toMatchObject({ to_address: PORTEUR_MAIL, attempts: 1 });
    expect(waiting.last_error).toMatch(/451|try again/);
    expect(smtp.received).toEqual([]);
    smtp.state.refuse = false;
    await sql(`UPDATE outbox_email SET next_attempt_at = now() WHERE id = $1`, [waiting.id]);
    expect(await flush()).toBe(1);
    expect(smtp.received.map((m) => m.messageId)).toEqual([outboxMessageId(waiting.id)]);
    expect(await flush()).toBe(0);
  });

  it('annuaire not answering: the e-mail is queued for the account and sent to its address once the annuaire answers', async () => {
    const id = await submittedFile();
    process.env['ESMS_ANNUAIRE_URL'] = 'http://127.0.0.1:9'; // nothing listens there
    let queued: { id: string; to_address: string; sent_at: Date | null; last_error: string | null };
    try {
      const res = await requestComplement(id);
      expect(res.errors).toBeUndefined();
      [queued] = (await outboxOf('complement_request')).filter((r) => r.sent_at === null);
      expect(queued).toMatchObject({ to_address: `account:${PORTEUR_ID}`, sent_at: null });
      expect(queued.last_error).toMatch(/annuaire/);
      expect(smtp.received).toEqual([]);
    } finally {
      process.env['ESMS_ANNUAIRE_URL'] = annuaire.url;
    }
    await sql(`UPDATE outbox_email SET next_attempt_at = now() WHERE id = $1`, [queued.id]);
    expect(await flush()).toBe(1);
    expect(smtp.received.map((m) => [m.messageId, toOf(m)])).toEqual([[outboxMessageId(queued.id), PORTEUR_MAIL]]);
  });
});
