/* eslint-disable @typescript-eslint/no-explicit-any -- test assertions read responses already checked */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { parisDate } from '@esms/domain';
import { CLAIMS_HEADER, signClaims, startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { definition, entities, httpRoutes, migrations } from '../subgraph';
import { finess } from '../testing/fixtures';
import { addMonths, signatureDateRefusal } from './convention.service';

jest.setTimeout(60_000);

const EJ = finess('14', 700001);
const OTHER_EJ = finess('14', 700002);
const instructeur28 = testClaims.instructeur('28', 'instr-28');
const instructeur93 = testClaims.instructeur('93', 'instr-93');
const porteur = testClaims.porteur([EJ], 'porteur-conv');
const otherPorteur = testClaims.porteur([OTHER_EJ], 'porteur-other');
const cdAsked = testClaims.cd(['14'], 'cd-14');
const cdNotAsked = testClaims.cd(['50'], 'cd-50');
const cnsa = testClaims.cnsa();
const apiReader: Claims = { sub: 'token-1', role: 'API_CLIENT', organismes: [], regionCode: null, departements: [], scopes: ['files:read:28'] };
const apiStranger: Claims = { ...apiReader, sub: 'token-2', scopes: ['aggregates:read'] };

const CONVENTION = `id status total advance balance amoa durationMonths projectStart expectedEnd decidedOn signedOn signedBy signedAt documentUrl
  lines { finess rank situation usages software hardware amount establishment { finess } }
  milestones { code label plannedOn }`;
const GENERATE = `mutation ($id: ID!) { generateConvention(candidatureId: $id) { ${CONVENTION} } }`;
const SIGN = `mutation ($id: ID!, $on: String!) { signConvention(candidatureId: $id, signedOn: $on) { ${CONVENTION} } }`;
const READ = `query ($id: ID!) { candidature(id: $id) { id state version convention { ${CONVENTION} } payments { kind amount status dueOn }
  history { action actionLabel fromState toState role comment } availableActions { action } } }`;
const FIRE = `mutation ($id: ID!, $a: String!) { fireCandidatureAction(id: $id, action: $a) { id state } }`;

/** The grappe of the test files: two acquisitions (one with a hardware quote) and one upgrade, all in Normandie. */
const MEMBERS = [
  { n: 710001, situation: 'ACQUISITION', hardware: 12_345 },
  { n: 710002, situation: 'ACQUISITION', hardware: null },
  { n: 710003, situation: 'UPGRADE', hardware: null },
];

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('convention', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let seq = 0;
  const q = <T = any>(query: string, variables: Record<string, unknown>, claims: Claims) => querySubgraph<T>(subgraph.url, query, variables, claims);
  const pdfOf = async (url: string, claims: Claims) => fetch(`http://127.0.0.1:${subgraph.port}${url}`, { headers: { [CLAIMS_HEADER]: await signClaims(claims) } });

  /** A file in `state`, retained by the committee on `decidedAt` (a real RETAINED transition in its history). */
  async function insertFile(state: string, options: { decidedAt?: Date | null; desk?: 'REGIONAL' | 'NATIONAL'; members?: typeof MEMBERS } = {}): Promise<string> {
    const id = randomUUID();
    seq += 1;
    await db.dataSource.query(
      `INSERT INTO candidature (id, reference, campaign_id, porteur_account_id, organismes, title, state, desk, pivot_region, track, window_code, submitted_at, version, created_at, updated_at)
       VALUES ($1, $2, 'normandie-2024', 'porteur-conv', $3::text[], 'Projet conventionné', $4, $5, '28', 'regional', 'W1', now(), 1, now(), now())`,
      [id, `NOR-2024-9${String(seq).padStart(3, '0')}`, [EJ], state, options.desk ?? 'REGIONAL'],
    );
    for (const m of options.members ?? MEMBERS) {
      await db.dataSource.query(`INSERT INTO grappe_member (candidature_id, finess, situation, region_code, finess_ej, hardware_quote) VALUES ($1, $2, $3, '28', $4, $5)`, [
        id,
        finess('14', m.n),
        m.situation,
        EJ,
        m.hardware,
      ]);
    }
    const decidedAt = options.decidedAt === undefined ? new Date(Date.now() - 3 * 86_400_000) : options.decidedAt;
    if (decidedAt) {
      await db.dataSource.query(
        `INSERT INTO candidature_event (candidature_id, actor_id, actor_role, at, action, from_state, to_state, details) VALUES ($1, 'instr-28', 'INSTRUCTEUR', $2, 'retain', 'IN_COMMITTEE', 'RETAINED', '{}'::jsonb)`,
        [id, decidedAt],
      );
    }
    return id;
  }

  /** E03–E05 (earlier fundings of the ESSMS) as the file's eligibility report states them. */
  const previousFundingChecks = async (id: string) =>
    (await q<{ candidature: any }>(`query ($id: ID!) { candidature(id: $id) { eligibility { items { code status finess } } } }`, { id }, instructeur28)).data!.candidature.eligibility.items
      .filter((i: any) => ['E03', 'E04', 'E05'].includes(i.code))
      .map((i: any) => `${i.code}:${i.finess ?? ''}:${i.status}`)
      .sort();

  const counts = async (id: string) =>
    (
      await db.dataSource.query(
        `SELECT (SELECT count(*)::int FROM convention WHERE candidature_id = $1) AS conventions, (SELECT count(*)::int FROM payment WHERE candidature_id = $1) AS payments,
                (SELECT version FROM candidature WHERE id = $1) AS version, (SELECT state FROM candidature WHERE id = $1) AS state`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    ensureTestSecret();
    delete process.env['ESMS_ANNUAIRE_URL']; // organisme sizes from the grappe itself (domain fallback)
    db = await openTestDatabase({ name: 'candidature_convention', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    subgraph = await startSubgraphServer({ definition, db: db.dataSource, ...({ httpRoutes } as Record<string, unknown>) });
  }, 60_000);

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it('generates the convention of a RETAINED file: domain amounts line by line, advance = half rounded up, milestones, PDF attachment', async () => {
    const id = await insertFile('RETAINED');
    const early = await q(SIGN, { id, on: parisDate(new Date()) }, instructeur28);
    expect(early.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(early.errors?.[0].message).toMatch(/Générez d’abord la convention/);

    const generated = await q<{ generateConvention: any }>(GENERATE, { id }, instructeur28);
    expect(generated.errors).toBeUndefined();
    const c = generated.data!.generateConvention;
    // 003 §4.4: acquisition = 7 000 € usages + 14 000 € software (+ hardware quote, small organisme), upgrade = 5 000 € usages.
    expect(c.lines.map((l: any) => [l.finess, l.rank, l.situation, l.usages, l.software, l.hardware, l.amount])).toEqual([
      [finess('14', 710001), 1, 'ACQUISITION', 7_000, 14_000, 12_345, 33_345],
      [finess('14', 710002), 2, 'ACQUISITION', 7_000, 14_000, 0, 21_000],
      [finess('14', 710003), 3, 'UPGRADE', 5_000, 0, 0, 5_000],
    ]);
    expect(c.lines[0].establishment).toEqual({ finess: finess('14', 710001) });
    expect(c).toMatchObject({ status: 'GENERATED', total: 59_345, amoa: 0, advance: 29_673, balance: 29_672, durationMonths: 18, signedOn: null });
    expect(c.expectedEnd).toBe(addMonths(c.projectStart, 18)); // acquisitions in the grappe: 18 months, indicative
    expect(c.decidedOn).toBe(parisDate(new Date(Date.now() - 3 * 86_400_000)));
    expect(c.milestones.map((m: any) => m.code)).toEqual(['SIGNATURE', 'ADVANCE', 'DEPLOYMENT_START', 'FIRST_MEASUREMENT', 'TARGETS_REACHED', 'BALANCE_REQUEST', 'BALANCE_PAID']);
    expect(c.milestones.find((m: any) => m.code === 'BALANCE_REQUEST').plannedOn).toBe(c.expectedEnd);

    const pdf = await pdfOf(c.documentUrl, porteur);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="convention-NOR-2024-9\d{3}\.pdf"$/);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const text = await pdfText(bytes);
    for (const amount of ['59 345 €', '29 673 €', '29 672 €', '33 345 €', '21 000 €', '5 000 €']) expect(text).toContain(amount);
    expect(text).toContain(finess('14', 710003));
    expect(text).toContain('18 mois');

    // Regenerated while unsigned: same amounts, the history keeps both with what changed.
    const again = await q<{ generateConvention: any }>(GENERATE, { id }, instructeur28);
    expect(again.data!.generateConvention).toMatchObject({ id: c.id, total: c.total, advance: c.advance, status: 'GENERATED' });
    const read = (await q<{ candidature: any }>(READ, { id }, instructeur28)).data!.candidature;
    const generations = read.history.filter((h: any) => h.action === 'generate_convention');
    expect(generations).toHaveLength(2);
    expect(generations[0]).toMatchObject({ actionLabel: 'Génération de la convention', role: 'INSTRUCTEUR', fromState: 'RETAINED', toState: 'RETAINED' });
    expect(generations[1].comment).toMatch(/^Convention régénérée : 59 345 €, dont avance de 50 % à la signature 29 673 € et solde 29 672 €\.$/);
    expect(read.state).toBe('RETAINED');
    expect(read.payments).toEqual([]);
  });

  it('records the signature: CONVENTION_SIGNED, advance DUE, milestones from the signature date, signed PDF, history; then no regeneration nor second signature', async () => {
    const id = await insertFile('RETAINED', { decidedAt: new Date('2024-06-20T10:00:00Z') });
    const c = (await q<{ generateConvention: any }>(GENERATE, { id }, instructeur28)).data!.generateConvention;
    const before = await counts(id);
    const fundingChecksBefore = await previousFundingChecks(id);

    const refusals: [string, RegExp][] = [
      ['2999-01-01', /ne peut pas être dans le futur/],
      ['2024-06-19', /ne peut pas précéder la décision du comité qui a retenu le dossier \(20\/06\/2024\)/],
      ['2024-02-31', /format JJ\/MM\/AAAA/],
      ['19/06/2024', /format JJ\/MM\/AAAA/],
    ];
    for (const [on, message] of refusals) {
      const res = await q(SIGN, { id, on }, instructeur28);
      expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'signedOn' } });
      expect(res.errors?.[0].message).toMatch(message);
    }
    expect(await counts(id)).toEqual(before); // bad input changes nothing

    const signed = await q<{ signConvention: any }>(SIGN, { id, on: '2024-06-20' }, instructeur28);
    expect(signed.errors).toBeUndefined();
    const s = signed.data!.signConvention;
    expect(s).toMatchObject({ status: 'SIGNED', signedOn: '2024-06-20', signedBy: 'instr-28', projectStart: '2024-06-20', expectedEnd: '2025-12-20', total: c.total, advance: c.advance });
    expect(s.lines).toEqual(c.lines);
    expect(Object.fromEntries(s.milestones.map((m: any) => [m.code, m.plannedOn]))).toEqual({
      SIGNATURE: '2024-06-20',
      ADVANCE: '2024-07-20',
      DEPLOYMENT_START: '2024-08-20',
      FIRST_MEASUREMENT: '2024-09-30',
      TARGETS_REACHED: '2025-12-20',
      BALANCE_REQUEST: '2025-12-20',
      BALANCE_PAID: '2026-02-20',
    });

    const read = (await q<{ candidature: any }>(READ, { id }, porteur)).data!.candidature;
    expect(read.state).toBe('CONVENTION_SIGNED');
    expect(read.version).toBe(before.version + 1);
    expect(read.payments).toEqual([{ kind: 'ADVANCE', amount: 29_673, status: 'DUE', dueOn: '2024-06-20' }]);
    const signature = read.history.find((h: any) => h.action === 'sign_convention');
    expect(signature).toMatchObject({ actionLabel: 'Signature de la convention', role: 'INSTRUCTEUR', fromState: 'RETAINED', toState: 'CONVENTION_SIGNED' });
    expect(signature.comment).toBe('Convention signée le 20/06/2024 : avance de 50 % exigible, 29 673 €.');
    const history = await db.dataSource.query(`SELECT finess, amount FROM funding_history WHERE candidature_id = $1 ORDER BY finess`, [id]);
    expect(history.map((h: any) => Number(h.amount))).toEqual([33_345, 21_000, 5_000]);
    // That funding is the history of LATER campaigns: the file's own eligibility (E03–E05) stays as it was.
    expect(await previousFundingChecks(id)).toEqual(fundingChecksBefore);

    const text = await pdfText(Buffer.from(await (await pdfOf(s.documentUrl, porteur)).arrayBuffer()));
    expect(text).toContain('Convention signée le 20/06/2024.');
    expect(text).toContain('Fin attendue du déploiement : 20/12/2025');

    const twice = await q(SIGN, { id, on: '2024-06-21' }, instructeur28);
    expect(twice.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(twice.errors?.[0].message).toBe('La convention est déjà signée (le 20/06/2024) : sa signature ne peut pas être enregistrée une seconde fois.');
    const regenerate = await q(GENERATE, { id }, instructeur28);
    expect(regenerate.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(regenerate.errors?.[0].message).toBe('La convention est déjà signée (le 20/06/2024) : elle ne peut plus être régénérée.');
    expect(await counts(id)).toMatchObject({ conventions: 1, payments: 1, state: 'CONVENTION_SIGNED', version: before.version + 1 });
  });

  it('the generic lifecycle action neither offers nor performs the signature (no advance would be recorded)', async () => {
    const id = await insertFile('RETAINED');
    const view = (await q<{ candidature: any }>(READ, { id }, instructeur28)).data!.candidature;
    expect(view.availableActions.map((a: any) => a.action)).not.toContain('sign_convention');
    const before = await counts(id);
    const bypass = await q(FIRE, { id, a: 'sign_convention' }, instructeur28);
    expect(bypass.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(bypass.errors?.[0].message).toMatch(/onglet Convention \(generateConvention, signConvention\)/);
    expect(await counts(id)).toEqual(before);
  });

  it('only the pivot ARS generates and signs: out of scope answers like a missing file, readers are told who does; nothing moves', async () => {
    const id = await insertFile('RETAINED');
    await db.dataSource.query(`INSERT INTO cd_opinion_request (id, candidature_id, departement, question) VALUES ($1, $2, '14', 'Avis ?')`, [randomUUID(), id]);
    const missing = randomUUID();
    const before = await counts(id);
    const answer = async (query: string, claims: Claims, target: string) => {
      const res = await q(query, { id: target, on: '2024-06-20' }, claims);
      return { status: res.status, data: res.data ?? null, errors: res.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })) };
    };
    for (const query of [GENERATE, SIGN]) {
      // Cannot read the file: the same answer as for a file that does not exist.
      for (const claims of [instructeur93, otherPorteur, cdNotAsked, apiStranger]) {
        const real = await answer(query, claims, id);
        expect(real.errors?.[0].code).toBe('NOT_FOUND');
        expect(real).toEqual(await answer(query, claims, missing));
      }
      // Reads the file but does not instruct it.
      for (const claims of [porteur, cdAsked, cnsa, apiReader]) {
        const res = await answer(query, claims, id);
        expect(res.errors?.[0]).toEqual({ code: 'FORBIDDEN', message: 'Seule l’ARS pivot du dossier (ou la CNSA au guichet national) établit et signe la convention.' });
      }
      expect((await answer(query, testClaims.public(), id)).errors?.[0].code).toBe('UNAUTHENTICATED');
    }
    expect(await counts(id)).toEqual(before);
    // The PDF is served like the file: not to a caller out of scope.
    await q(GENERATE, { id }, instructeur28);
    expect((await pdfOf(`/files/conventions/${id}/convention.pdf`, instructeur93)).status).toBe(404);
    expect((await pdfOf(`/files/conventions/${id}/convention.pdf`, cdAsked)).status).toBe(200);
  });

  it('the CNSA establishes the convention at the national desk: no indicative duration', async () => {
    const id = await insertFile('RETAINED', { desk: 'NATIONAL' });
    const res = await q<{ generateConvention: any }>(GENERATE, { id }, cnsa);
    expect(res.errors).toBeUndefined();
    expect(res.data!.generateConvention).toMatchObject({ durationMonths: null, expectedEnd: null });
    expect(res.data!.generateConvention.milestones.find((m: any) => m.code === 'BALANCE_REQUEST').plannedOn).toBeNull();
  });

  it('a convention recorded before lines were kept shows the sealed grappe\'s lines, the AMOA being what its total leaves', async () => {
    const id = await insertFile('CONVENTION_SIGNED');
    await db.dataSource.query(
      `INSERT INTO convention (id, candidature_id, status, total, advance, balance, duration_months, project_start, expected_end, pdf, generated_by, generated_at, signed_on, signed_by, signed_at)
       VALUES ($1, $2, 'SIGNED', 159345, 79673, 79672, 18, '2025-01-10', '2026-07-10', '\\x25504446'::bytea, 'ancien', now(), '2025-01-10', 'ancien', now())`,
      [randomUUID(), id],
    );
    const c = (await q<{ candidature: any }>(READ, { id }, porteur)).data!.candidature.convention;
    expect(c.lines.map((l: any) => l.amount)).toEqual([33_345, 21_000, 5_000]);
    expect(c.amoa).toBe(100_000);
  });

  it('9 months without software change (upgrades only)', async () => {
    const id = await insertFile('RETAINED', { members: [{ n: 720001, situation: 'UPGRADE', hardware: null }] });
    const c = (await q<{ generateConvention: any }>(GENERATE, { id }, instructeur28)).data!.generateConvention;
    expect(c).toMatchObject({ durationMonths: 9, total: 5_000, advance: 2_500, balance: 2_500 });
    expect(c.expectedEnd).toBe(addMonths(c.projectStart, 9));
  });

  it('refuses a convention for a file not retained, in French with the state', async () => {
    const id = await insertFile('IN_COMMITTEE', { decidedAt: null });
    const res = await q(GENERATE, { id }, instructeur28);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(res.errors?.[0].message).toBe('Seule une candidature retenue par le comité reçoit une convention : ce dossier est à l’état « En comité de sélection ».');
  });

  it('signature date rule: a calendar date, not in the future, not before the decision', () => {
    const cases: [string, string | null, RegExp | null][] = [
      ['2026-03-10', '2026-03-01', null],
      ['2026-03-01', '2026-03-01', null],
      ['2026-03-15', null, null],
      ['2026-03-16', '2026-03-01', /dans le futur : indiquez une date au plus tard le 15\/03\/2026/],
      ['2026-02-28', '2026-03-01', /précéder la décision du comité qui a retenu le dossier \(01\/03\/2026\)/],
      ['2026-02-30', null, /format/],
      ['', null, /format/],
    ];
    for (const [signedOn, decidedOn, refusal] of cases) {
      const answer = signatureDateRefusal(signedOn, '2026-03-15', decidedOn);
      if (refusal) expect(answer).toMatch(refusal);
      else expect(answer).toBeNull();
    }
  });

  it('adds calendar months with the day clamped to the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-06-15', 18)).toBe('2025-12-15');
  });
});
