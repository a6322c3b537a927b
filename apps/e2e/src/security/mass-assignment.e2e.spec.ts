/**
 * Issue 8, line 4 — mass assignment: inputs cannot carry what the server decides (state, amounts,
 * region, owner, version, dates, role); an unknown input field is a 400 (GraphQL validation) and
 * nothing changes.
 */
import { gql } from '../support/browser';
import { stackInfo } from '../support/stack-file';
import { caller, login, MISSING_ID, type Caller } from './actors';

describe('mass assignment through the gateway', () => {
  const gateway = stackInfo().urls.gateway;
  let porteur: Caller;
  let normandie: Caller;
  let cnsa: Caller;
  let file: { id: string; version: number; campaign: { id: string } };

  const count = async () => (await gql<{ candidatureCount: number }>(gateway, '{ candidatureCount }', {}, cnsa.headers)).data?.candidatureCount;
  const snapshot = async () => (await gql(gateway, 'query($id: ID!) { candidature(id: $id) { version state fundingTotal submittedAt pivotRegion { code } organismes { finessEj } dossier { governance } } }', { id: file.id }, cnsa.headers)).data;

  beforeAll(async () => {
    porteur = await caller(gateway, 'porteur', 'porteur@demo.esms-numerique.fr');
    normandie = await caller(gateway, 'normandie', 'instructeur.normandie@demo.esms-numerique.fr');
    cnsa = await caller(gateway, 'cnsa', 'cnsa@demo.esms-numerique.fr');
    const mine = await gql<{ candidatures: { id: string; version: number; campaign: { id: string } }[] }>(gateway, '{ candidatures(limit: 100) { id version campaign { id } } }', {}, porteur.headers);
    file = mine.data!.candidatures[0];
  });

  const smuggled: [string, string, (f: typeof file) => Record<string, unknown>, () => Caller][] = [
    ['createCandidature + state/amount/region/version/dates', 'mutation($input: CreateCandidatureInput!) { createCandidature(input: $input) { id } }',
      (f) => ({ input: { campaignId: f.campaign.id, title: 'Intrusion', organismeFinessEj: '140599267', state: 'GRANTED', fundingTotal: 9_999_999, pivotRegion: '93', version: 0, submittedAt: '2020-01-01T00:00:00Z' } }), () => porteur],
    ['createCandidature + owner', 'mutation($input: CreateCandidatureInput!) { createCandidature(input: $input) { id } }',
      (f) => ({ input: { campaignId: f.campaign.id, title: 'Intrusion', organismeFinessEj: '140599267', ownerId: MISSING_ID, createdBy: MISSING_ID } }), () => porteur],
    ['updateCandidatureDossier + state/version', 'mutation($id: ID!, $v: Int!, $input: CandidatureDossierInput!) { updateCandidatureDossier(id: $id, expectedVersion: $v, input: $input) { id } }',
      (f) => ({ id: f.id, v: f.version, input: { governance: 'Intrusion', state: 'SUBMITTED', version: 99, updatedAt: '2020-01-01T00:00:00Z' } }), () => porteur],
    ['addGrappeMembers + amounts', 'mutation($id: ID!, $m: [GrappeMemberInput!]!) { addGrappeMembers(id: $id, members: $m) { id } }',
      (f) => ({ id: f.id, m: [{ finess: '140000000', situation: 'ACQUISITION', usages: 999_999, software: 999_999, total: 999_999 }] }), () => porteur],
    ['gradeCandidature + total/status/signedAt', 'mutation($input: GradeCandidatureInput!) { gradeCandidature(input: $input) { id } }',
      (f) => ({ input: { candidatureId: f.id, gridId: MISSING_ID, scores: [], total: 100, status: 'SIGNED', signedAt: '2020-01-01T00:00:00Z', regionCode: '93' } }), () => normandie],
    ['signUp + role/status', 'mutation($input: SignUpInput!) { signUp(input: $input) { ok } }',
      () => ({ input: { email: 'intrus.cnsa@exemple.fr', password: 'une phrase de passe longue', displayName: 'Intrus', role: 'CNSA', status: 'ACTIVE', regionCode: '28' } }), () => ({ name: 'public', headers: {} })],
    ['createApiToken + revokedAt/hash', 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
      () => ({ input: { label: 'Intrusion', scopes: ['aggregates:read'], expiresInDays: 1, revokedAt: null, tokenHash: 'x', expiresAt: '2099-01-01T00:00:00Z' } }), () => cnsa],
  ];

  it.each(smuggled)('%s → 400, nothing created or changed', async (_name, mutation, variables, who) => {
    const before = { count: await count(), file: await snapshot() };
    const res = await gql(gateway, mutation, variables(file), who().headers);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.message).toMatch(/is not defined by type|not defined/);
    expect({ count: await count(), file: await snapshot() }).toEqual(before);
  });

  it('refuses an unknown field written inline (GraphQL validation, 400)', async () => {
    const res = await gql(gateway, `mutation { createCandidature(input: { campaignId: "${file.campaign.id}", title: "x", organismeFinessEj: "140599267", state: GRANTED }) { id } }`, {}, porteur.headers);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('does not let a porteur file a candidature for an organisme it does not act for (owner)', async () => {
    const before = await count();
    const res = await gql(gateway, 'mutation($input: CreateCandidatureInput!) { createCandidature(input: $input) { id } }', {
      input: { campaignId: file.campaign.id, title: 'Pour un autre organisme', organismeFinessEj: '130000000' },
    }, porteur.headers);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toMatch(/NOT_FOUND|FORBIDDEN|BAD_USER_INPUT/);
    expect(await count()).toBe(before);
  });

  it('did not create the smuggled CNSA account', async () => {
    await expect(login(gateway, 'intrus.cnsa@exemple.fr', 'une phrase de passe longue')).rejects.toThrow(/login/);
  });
});
