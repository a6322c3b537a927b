/**
 * Issue 8, lines 2 and 3 — around the gateway, and undefined ids.
 * - Every subgraph refuses `_service`/`_entities` without the gateway's claims, with forged claims
 *   (another secret), with expired claims (401).
 * - Entity resolution applies the same authorisation as the root fields: valid but out-of-scope claims
 *   sent straight to a subgraph, and federated queries through the gateway that force `_entities`.
 * - A missing/null/empty id never reaches a "first row" query: it is an error (or null), never another object.
 */
import { CLAIMS_HEADER, signClaims, type Claims } from '@esms/server-kit';
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { gql } from '../support/browser';
import { stackInfo } from '../support/stack-file';
import { caller, MISSING_ID, type Caller } from './actors';

const SUBGRAPHS = ['annuaire', 'candidature', 'grading-grid'] as const;
const claimsOf = (role: Claims['role'], extra: Partial<Claims> = {}): Claims => ({ sub: `securite-${role.toLowerCase()}`, role, organismes: [], regionCode: null, departements: [], scopes: [], ...extra });

async function direct(url: string, query: string, variables: Record<string, unknown>, claimsHeader: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (claimsHeader !== null) headers[CLAIMS_HEADER] = claimsHeader;
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const entities = (selection: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`;

describe('around the gateway (federation)', () => {
  const { urls } = stackInfo();
  const gateway = urls.gateway;
  const secret = new TextEncoder().encode(process.env['ESMS_GATEWAY_SECRET'] ?? '');
  let normandie: Caller;
  let paca: Caller;
  let cnsa: Caller;
  let normandieIds: string[] = [];
  let anyNormandieFile: string;

  beforeAll(async () => {
    expect(process.env['ESMS_GATEWAY_SECRET']?.length).toBeGreaterThanOrEqual(32);
    normandie = await caller(gateway, 'normandie', 'instructeur.normandie@demo.esms-numerique.fr');
    paca = await caller(gateway, 'paca', 'instructeur.paca@demo.esms-numerique.fr');
    cnsa = await caller(gateway, 'cnsa', 'cnsa@demo.esms-numerique.fr');
    const listed = await gql<{ candidatures: { id: string; regions: { code: string }[] }[] }>(gateway, '{ candidatures(limit: 100) { id regions { code } } }', {}, cnsa.headers);
    normandieIds = listed.data!.candidatures.filter((c) => c.regions.length > 0 && c.regions.every((r) => r.code === '28')).map((c) => c.id);
    expect(normandieIds.length).toBeGreaterThan(0);
    anyNormandieFile = normandieIds[0];
  });

  it.each(SUBGRAPHS)('%s: _service and _entities without, with forged and with expired claims → 401', async (name) => {
    const cnsaClaims = claimsOf('CNSA');
    const forged = await signClaims(cnsaClaims, randomBytes(32)); // right shape, wrong secret
    const expired = await new SignJWT({ claims: cnsaClaims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('esms-gateway')
      .setAudience('esms-subgraphs')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ claims: cnsaClaims })).toString('base64url')}.`;
    for (const header of [null, '', forged, expired, unsigned, 'n-importe-quoi']) {
      for (const query of ['{ _service { sdl } }', entities('__typename')]) {
        const res = await direct(urls[name], query, { r: [{ __typename: 'Region', code: '28' }] }, header);
        expect({ name, header: header?.slice(0, 12), query, status: res.status }).toEqual({ name, header: header?.slice(0, 12), query, status: 401 });
        expect(res.body.data).toBeUndefined();
      }
    }
    // the right secret is accepted (the 401s above are about the claims, not the route)
    expect((await direct(urls[name], '{ _service { sdl } }', {}, await signClaims(claimsOf('SERVICE'), secret))).status).toBe(200);
  });

  it('applies the root fields’ scope to Candidature entities sent straight to the candidature subgraph', async () => {
    const pacaClaims = await signClaims(claimsOf('INSTRUCTEUR', { regionCode: '93' }), secret);
    const cnsaClaims = await signClaims(claimsOf('CNSA'), secret);
    const q = entities('... on Candidature { id reference fundingTotal }');
    const seen = await direct(urls.candidature, q, { r: [{ __typename: 'Candidature', id: anyNormandieFile }] }, cnsaClaims);
    expect((seen.body.data?.['_entities'] as { id: string }[])[0]?.id).toBe(anyNormandieFile);
    const outOfScope = await direct(urls.candidature, q, { r: normandieIds.slice(0, 5).map((id) => ({ __typename: 'Candidature', id })) }, pacaClaims);
    const missing = await direct(urls.candidature, q, { r: normandieIds.slice(0, 5).map(() => ({ __typename: 'Candidature', id: MISSING_ID })) }, pacaClaims);
    expect(outOfScope.text).not.toContain(anyNormandieFile);
    expect(outOfScope.body.data).toEqual(missing.body.data);
    expect(outOfScope.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual(missing.body.errors?.map((e) => [e.extensions?.code, e.message]));
    // a porteur of another organisme, a CD never asked, the public, an API client
    for (const claims of [claimsOf('PORTEUR', { organismes: ['130000000'] }), claimsOf('CD', { departements: ['2A'] }), claimsOf('PUBLIC', { sub: null }), claimsOf('API_CLIENT')]) {
      const res = await direct(urls.candidature, q, { r: [{ __typename: 'Candidature', id: anyNormandieFile }] }, await signClaims(claims, secret));
      expect({ role: claims.role, text: res.text.includes(anyNormandieFile) }).toEqual({ role: claims.role, text: false });
    }
  });

  it('applies the grading scope to entities sent straight to the grading-grid subgraph', async () => {
    const pacaClaims = await signClaims(claimsOf('INSTRUCTEUR', { regionCode: '93' }), secret);
    const evaluations = await direct(urls['grading-grid'], entities('... on Candidature { id evaluations { id total } committeeDecisions { id } }'), { r: normandieIds.map((id) => ({ __typename: 'Candidature', id })) }, pacaClaims);
    for (const entity of (evaluations.body.data?.['_entities'] ?? []) as ({ evaluations: unknown[]; committeeDecisions: unknown[] } | null)[]) {
      if (entity) expect(entity).toMatchObject({ evaluations: [], committeeDecisions: [] });
    }
    const one = await direct(urls['grading-grid'], entities('... on Evaluation { id total }'), { r: [{ __typename: 'Evaluation', id: MISSING_ID }] }, pacaClaims);
    expect((one.body.data?.['_entities'] as unknown[] | undefined)?.[0] ?? null).toBeNull();
  });

  it('forces entity resolution through the gateway: Region.candidatures and Candidature.evaluations stay in scope', async () => {
    type Regions = { regions: { code: string; candidatures: { id: string; evaluations: { id: string }[] }[] }[] };
    const viaRegions = await gql<Regions>(gateway, '{ regions { code candidatures(limit: 100) { id evaluations { id } } } }', {}, paca.headers);
    const own = await gql<{ candidatures: { id: string }[] }>(gateway, '{ candidatures(limit: 100) { id } }', {}, paca.headers);
    const allowed = new Set(own.data!.candidatures.map((c) => c.id));
    const reached = viaRegions.data!.regions.flatMap((r) => r.candidatures.map((c) => c.id));
    expect(reached.filter((id) => !allowed.has(id))).toEqual([]);
    expect(reached).not.toContain(anyNormandieFile);
    const anonymous = await gql<Regions>(gateway, '{ region(code: "28") { code candidatures { id } } }');
    expect(JSON.stringify(anonymous)).not.toContain(anyNormandieFile);
    // Candidature → evaluations (grading-grid _entities): another region's instructeur cannot reach it at all.
    const nested = await gql(gateway, 'query($id: ID!) { candidature(id: $id) { id evaluations { id } gradingSummary { count } } }', { id: anyNormandieFile }, paca.headers);
    const nestedMissing = await gql(gateway, 'query($id: ID!) { candidature(id: $id) { id evaluations { id } gradingSummary { count } } }', { id: MISSING_ID }, paca.headers);
    expect(nested).toEqual(nestedMissing);
    expect((await gql(gateway, 'query($id: ID!) { candidature(id: $id) { id evaluations { id } } }', { id: anyNormandieFile }, normandie.headers)).errors).toBeUndefined();
  });

  describe('undefined ids (line 3)', () => {
    it.each(['', ' ', 'undefined', 'null', '0', "' OR 1=1 --"])('candidature(id: %j) is an error, never a row', async (id) => {
      for (const who of [cnsa, normandie]) {
        const res = await gql<{ candidature: unknown }>(gateway, 'query($id: ID!) { candidature(id: $id) { id reference } }', { id }, who.headers);
        expect(res.data ?? null).toBeNull();
        expect(res.errors?.[0]?.extensions?.code).toMatch(/NOT_FOUND|BAD_USER_INPUT/);
        const evaluation = await gql<{ evaluation: unknown }>(gateway, 'query($id: ID!) { evaluation(id: $id) { id } }', { id }, who.headers);
        expect(evaluation.data?.evaluation ?? null).toBeNull();
      }
    });

    it('refuses a null or absent id at the schema (ID!)', async () => {
      for (const variables of [{ id: null }, {}]) {
        const res = await gql(gateway, 'query($id: ID!) { candidature(id: $id) { id } }', variables, cnsa.headers);
        expect(res.status).toBe(400);
        expect(res.data).toBeUndefined();
      }
    });

    it.each([
      ['candidature', 'Candidature', '... on Candidature { id reference }'],
      ['grading-grid', 'Evaluation', '... on Evaluation { id }'],
      ['grading-grid', 'Committee', '... on Committee { id }'],
      ['annuaire', 'Region', '... on Region { code }'],
      ['annuaire', 'Establishment', '... on Establishment { finess }'],
      ['annuaire', 'OrganismeGestionnaire', '... on OrganismeGestionnaire { finessEj }'],
    ] as const)('%s: a %s representation without its key, or with null/empty, resolves to nothing', async (name, typename, selection) => {
      const cnsaClaims = await signClaims(claimsOf('CNSA'), secret);
      const key = { Candidature: 'id', Evaluation: 'id', Committee: 'id', Region: 'code', Establishment: 'finess', OrganismeGestionnaire: 'finessEj' }[typename];
      for (const representation of [{ __typename: typename }, { __typename: typename, [key]: null }, { __typename: typename, [key]: '' }]) {
        const res = await direct(urls[name], entities(selection), { r: [representation] }, cnsaClaims);
        const entity = (res.body.data?.['_entities'] as unknown[] | undefined)?.[0] ?? null;
        expect({ representation, entity }).toEqual({ representation, entity: null });
        expect(res.text).not.toMatch(/SELECT|WHERE|QueryFailedError|at \w+ \(/);
      }
    });
  });
});
