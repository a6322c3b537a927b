import { startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { definition, entities, migrations } from '../subgraph';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { finess, insertOpenCampaign } from '../testing/fixtures';
import { attachRequiredPieces } from '../pieces/pieces.testing';

const FIELDS = `id reference title state stateLabel desk multiregional track windowCode submittedAt version readOnly
  pivotRegion { code } organismes { finessEj } members { finess rank situation regionCode establishment { finess } }
  funding { total essmsCount } history { action fromState toState role comment } availableActions { action to refusal needsComment }`;

interface Cand {
  id: string; reference: string; state: string; desk: string; multiregional: boolean; track: string; windowCode: string | null; version: number; readOnly: boolean;
  pivotRegion: { code: string } | null; members: { finess: string; rank: number }[]; funding: { total: number; essmsCount: number };
  history: { action: string; fromState: string | null; toState: string | null; role: string; comment: string | null }[];
  availableActions: { action: string; to: string; refusal: string | null; needsComment: boolean }[];
}

const EJ_A = finess('14', 800001);
const EJ_B = finess('14', 800002);
const EJ_C = finess('13', 800003);
const EJ_D = finess('13', 800004);
const porteurA = testClaims.porteur([EJ_A], 'porteur-a');
const porteurB = testClaims.porteur([EJ_B], 'porteur-b');
const porteurC = testClaims.porteur([EJ_C], 'porteur-c');
const porteurD = testClaims.porteur([EJ_D], 'porteur-d');
const instructeur28 = testClaims.instructeur('28', 'instr-28');
const instructeur93 = testClaims.instructeur('93', 'instr-93');

describe('candidatures: lifecycle and authorization', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  const q = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, claims: Claims | null) =>
    querySubgraph<T>(subgraph.url, query, variables, claims);

  const create = async (claims: Claims, campaignId: string, ej: string, title: string) => {
    const res = await q<{ createCandidature: Cand }>(
      `mutation($input: CreateCandidatureInput!) { createCandidature(input: $input) { ${FIELDS} } }`,
      { input: { campaignId, title, organismeFinessEj: ej } },
      claims,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.createCandidature;
  };
  const addMembers = async (claims: Claims, id: string, members: unknown[], expectedVersion?: number) =>
    q<{ addGrappeMembers: Cand }>(
      `mutation($id: ID!, $members: [GrappeMemberInput!]!, $v: Int) { addGrappeMembers(id: $id, members: $members, expectedVersion: $v) { ${FIELDS} } }`,
      { id, members, v: expectedVersion },
      claims,
    );
  const submit = async (claims: Claims, id: string) => {
    await attachRequiredPieces(db.dataSource, id); // E11: the required pieces (uploads are tested in src/submission)
    return q<{ submitCandidature: Cand }>(`mutation($id: ID!) { submitCandidature(id: $id) { ${FIELDS} } }`, { id }, claims);
  };
  const fire = (claims: Claims, id: string, action: string, comment?: string, v?: number) =>
    q<{ fireCandidatureAction: Cand }>(
      `mutation($id: ID!, $a: String!, $c: String, $v: Int) { fireCandidatureAction(id: $id, action: $a, comment: $c, expectedVersion: $v) { ${FIELDS} } }`,
      { id, a: action, c: comment, v },
      claims,
    );
  const read = (claims: Claims, id: string) => q<{ candidature: Cand }>(`query($id: ID!) { candidature(id: $id) { ${FIELDS} } }`, { id }, claims);
  const list = (claims: Claims) =>
    q<{ candidatures: { id: string }[]; candidatureCount: number }>(`{ candidatures { id } candidatureCount }`, {}, claims);
  const entity = (claims: Claims, id: string) =>
    q<{ _entities: ({ id: string; reference: string } | null)[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Candidature { id reference } } }`,
      { r: [{ __typename: 'Candidature', id }] },
      claims,
    );

  let a: Cand; // porteur A, Normandie, submitted
  let c: Cand; // porteur C, PACA, submitted
  let d: Cand; // porteur D, multiregional pivot 93 touching 28

  beforeAll(async () => {
    ensureTestSecret();
    delete process.env['ESMS_ANNUAIRE_URL'];
    db = await openTestDatabase({ name: 'candidature_lifecycle', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    await insertOpenCampaign(db.dataSource, 'test-28', '28');
    await insertOpenCampaign(db.dataSource, 'test-93', '93');
    subgraph = await startSubgraphServer({ definition, db: db.dataSource });
  });

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it('a porteur creates a draft for its organisme; the server decides state, reference and region', async () => {
    a = await create(porteurA, 'test-28', EJ_A, 'Projet A');
    expect(a).toMatchObject({ state: 'DRAFT', desk: 'REGIONAL', version: 1, pivotRegion: { code: '28' } });
    expect(a.reference).toBe('NOR-2026-0001');
    expect(a.history).toEqual([expect.objectContaining({ action: 'create', fromState: null, toState: 'DRAFT', role: 'PORTEUR' })]);

    const notMine = await q(`mutation($input: CreateCandidatureInput!) { createCandidature(input: $input) { id } }`, { input: { campaignId: 'test-28', title: 'X', organismeFinessEj: EJ_B } }, porteurA);
    expect(notMine.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const instr = await q(`mutation($input: CreateCandidatureInput!) { createCandidature(input: $input) { id } }`, { input: { campaignId: 'test-28', title: 'X', organismeFinessEj: EJ_A } }, instructeur28);
    expect(instr.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects mass assignment: unknown input fields are an error', async () => {
    const res = await q(
      `mutation($input: CreateCandidatureInput!) { createCandidature(input: $input) { id } }`,
      { input: { campaignId: 'test-28', title: 'X', organismeFinessEj: EJ_A, state: 'RETAINED' } },
      porteurA,
    );
    expect(res.errors?.[0]).toBeDefined();
    expect(res.data).toBeUndefined();
  });

  it('adds grappe members: ranks and funding recomputed by the domain, malformed FINESS named', async () => {
    const bad = await addMembers(porteurA, a.id, [{ finess: '14000001X', situation: 'ACQUISITION' }]);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('14000001X');

    const res = await addMembers(
      porteurA,
      a.id,
      [3, 1, 2].map((n) => ({ finess: finess('14', n), situation: 'ACQUISITION', finessEj: EJ_A, chosenSolutionId: 'demo-sol' })),
      1,
    );
    expect(res.errors).toBeUndefined();
    const updated = res.data!.addGrappeMembers;
    expect(updated.members.map((m) => [m.finess, m.rank])).toEqual([1, 2, 3].map((n, i) => [finess('14', n), i + 1]));
    expect(updated.funding).toEqual({ total: 63000, essmsCount: 3 });
    expect(updated.version).toBe(2);
    a = updated;
  });

  it('a stale version is a CONFLICT', async () => {
    const res = await addMembers(porteurA, a.id, [{ finess: finess('14', 9), situation: 'ACQUISITION' }], 1);
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('a never-submitted draft is the porteur’s own: the ARS does not see it', async () => {
    expect((await read(instructeur28, a.id)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('submitting changes the state and writes the event in the same transaction', async () => {
    const res = await submit(porteurA, a.id);
    expect(res.errors).toBeUndefined();
    a = res.data!.submitCandidature;
    expect(a).toMatchObject({ state: 'SUBMITTED', windowCode: 'W1' });
    const rows = await db.dataSource.query(`SELECT actor_id, actor_role, from_state, to_state FROM candidature_event WHERE candidature_id = $1 AND action = 'submit'`, [a.id]);
    expect(rows).toEqual([{ actor_id: 'porteur-a', actor_role: 'PORTEUR', from_state: 'DRAFT', to_state: 'SUBMITTED' }]);
    const again = await submit(porteurA, a.id);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('porteur B cannot read porteur A’s candidature: NOT_FOUND, absent from lists and counts', async () => {
    const res = await read(porteurB, a.id);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await read(porteurB, '00000000-0000-4000-8000-000000000000')).errors?.[0]?.message).toBe(res.errors?.[0]?.message);
    const l = await list(porteurB);
    expect(l.data).toEqual({ candidatures: [], candidatureCount: 0 });
    expect((await list(porteurA)).data?.candidatureCount).toBe(1);
    expect((await entity(porteurB, a.id)).data?._entities).toEqual([null]);
  });

  it('instructeur 28 cannot read a PACA file; _entities answers null for it', async () => {
    c = await create(porteurC, 'test-93', EJ_C, 'Projet C');
    expect((await addMembers(porteurC, c.id, [1, 2].map((n) => ({ finess: finess('13', n), situation: 'UPGRADE', chosenSolutionId: 'demo-sol' })))).errors).toBeUndefined();
    c = (await submit(porteurC, c.id)).data!.submitCandidature;
    expect(c.state).toBe('SUBMITTED');
    expect((await read(instructeur28, c.id)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await entity(instructeur28, c.id)).data?._entities).toEqual([null]);
    expect((await entity(instructeur93, c.id)).data?._entities).toEqual([{ id: c.id, reference: c.reference }]);
    const l28 = await list(instructeur28);
    expect(l28.data?.candidatures.map((x) => x.id)).toEqual([a.id]);
    expect(l28.data?.candidatureCount).toBe(1);
  });

  it('the pivot instructeur acts through the lifecycle; comments required by the guards; wrong version conflicts', async () => {
    const view = (await read(instructeur28, a.id)).data!.candidature;
    expect(view.readOnly).toBe(false);
    expect(view.availableActions.map((x) => x.action).sort()).toEqual(['declare_non_recevable', 'request_complement', 'start_instruction']);
    expect(view.availableActions.find((x) => x.action === 'request_complement')).toMatchObject({ needsComment: true, refusal: null });

    expect((await fire(instructeur28, a.id, 'start_instruction', undefined, view.version - 1)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const noReason = await fire(instructeur28, a.id, 'request_complement');
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await fire(instructeur28, a.id, 'retain')).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await fire(instructeur28, a.id, 'approve_everything')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // Payment steps only through their own mutations (which record the payment and check the conditions).
    const bypass = await fire(instructeur28, a.id, 'pay_balance');
    expect(bypass.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bypass.errors?.[0]?.message).toContain('recordPayment');
    // The convention too: its signature goes through signConvention, which records the advance (src/convention).
    const unsigned = await fire(instructeur28, a.id, 'sign_convention');
    expect(unsigned.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unsigned.errors?.[0]?.message).toContain('signConvention');
    expect((await read(instructeur28, a.id)).data!.candidature.version).toBe(view.version);
    expect((await fire(porteurA, a.id, 'start_instruction')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const started = await fire(instructeur28, a.id, 'start_instruction', undefined, view.version);
    expect(started.errors).toBeUndefined();
    expect(started.data!.fireCandidatureAction.state).toBe('UNDER_INSTRUCTION');
    const complement = await fire(instructeur28, a.id, 'request_complement', 'Joignez la pièce P07.');
    expect(complement.data!.fireCandidatureAction.state).toBe('COMPLEMENT_REQUESTED');
    // The porteur sees the ARS comment, not the agent's account.
    const porteurView = (await read(porteurA, a.id)).data!.candidature;
    const last = porteurView.history.at(-1)!;
    expect(last).toMatchObject({ action: 'request_complement', comment: 'Joignez la pièce P07.', role: 'INSTRUCTEUR' });
    expect(porteurView.availableActions.map((x) => x.action)).toEqual(['provide_complement']);
  });

  it('a multiregional file is read-only for the other ARS', async () => {
    d = await create(porteurD, 'test-93', EJ_D, 'Projet D multirégional');
    const members = [...[1, 2, 3].map((n) => ({ finess: finess('13', 100 + n), situation: 'ACQUISITION' })), { finess: finess('14', 100), situation: 'ACQUISITION' }];
    const added = (await addMembers(porteurD, d.id, members)).data!.addGrappeMembers;
    expect(added).toMatchObject({ multiregional: true, track: 'MULTIREGIONAL', pivotRegion: { code: '93' }, desk: 'REGIONAL' });
    expect((await submit(porteurD, d.id)).data?.submitCandidature.state).toBe('SUBMITTED');
    const view = (await read(instructeur28, d.id)).data!.candidature;
    expect(view).toMatchObject({ readOnly: true, availableActions: [] });
    expect((await fire(instructeur28, d.id, 'start_instruction')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await fire(instructeur93, d.id, 'start_instruction')).data?.fireCandidatureAction.state).toBe('UNDER_INSTRUCTION');
    expect((await list(instructeur28)).data?.candidatureCount).toBe(2);
  });

  it('Region.candidatures is scoped like the lists', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { code candidatureCount candidatures { reference } } } }`;
    const r = { r: [{ __typename: 'Region', code: '28' }] };
    const asPorteurB = await q<{ _entities: { candidatureCount: number }[] }>(query, r, porteurB);
    expect(asPorteurB.data?._entities[0].candidatureCount).toBe(0);
    const asCnsa = await q<{ _entities: { candidatureCount: number }[] }>(query, r, testClaims.cnsa());
    expect(asCnsa.data?._entities[0].candidatureCount).toBe(2); // A (pivot 28) and D (an ESSMS in 28)
  });

  it('CNSA sees all submitted files; CD and public callers none', async () => {
    expect((await list(testClaims.cnsa())).data?.candidatureCount).toBe(3);
    expect((await list(testClaims.cd(['14']))).data?.candidatureCount).toBe(0);
    expect((await list(testClaims.public())).data?.candidatureCount).toBe(0);
    expect((await read(testClaims.public(), a.id)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // CNSA reads but instructs only the national desk.
    expect((await read(testClaims.cnsa(), a.id)).data?.candidature.readOnly).toBe(true);
  });

  it('submission after closing is refused by the lifecycle guard (E12)', async () => {
    const late = await create(porteurA, 'normandie-2024', EJ_A, 'Trop tard');
    await addMembers(porteurA, late.id, [{ finess: finess('14', 50), situation: 'ACQUISITION' }]);
    const res = await submit(porteurA, late.id);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('close');
  });

  it('refuses requests without gateway claims (401)', async () => {
    const res = await q(`{ candidatures { id } }`, {}, null);
    expect(res.status).toBe(401);
    const ent = await q(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Candidature { id } } }`, { r: [{ __typename: 'Candidature', id: a.id }] }, null);
    expect(ent.status).toBe(401);
  });
});
