import { generateFinessKey } from '@esms/domain';
import { serviceClaims, signClaims, CLAIMS_HEADER } from '@esms/server-kit';
import { querySubgraph, testClaims } from '@esms/server-kit/testing';
import { startAnnuaireForTest, type AnnuaireTestServer } from '../demo/start-for-tests';

const EHPAD = '010780906'; // EHPAD Résidence Fontelune (EJ 010000339)
const SSIAD = '010006401'; // same organisme
const IJS = '010780575'; // institut des jeunes sourds (EJ 010000255)
const CLOSED = '010790061'; // closed SESSAD of 010000255
const CLINIC = '010780195'; // category 365: not an ESSMS, never imported

async function internal(t: AnnuaireTestServer, route: string, body: unknown, service = true) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (service) headers[CLAIMS_HEADER] = await signClaims(serviceClaims('candidature'));
  const res = await fetch(`${t.baseUrl}/internal/${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('establishments and organismes (FiNESS)', () => {
  let t: AnnuaireTestServer;
  beforeAll(async () => {
    t = await startAnnuaireForTest({ importSample: true });
  }, 60_000);
  afterAll(() => t?.stop());

  it('finds an ESSMS by FINESS with its address, region and organisme', async () => {
    const res = await querySubgraph<{ establishment: Record<string, unknown> }>(
      t.subgraph.url,
      `query($f: String!) { establishment(finess: $f) {
        finess name category categoryLabel closed departement regionCode
        address { line postalCode city communeCode }
        region { code name }
        organisme { finessEj name essmsCount isSmall }
      } }`,
      { f: EHPAD },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.establishment).toMatchObject({
      finess: EHPAD,
      category: '500',
      closed: false,
      departement: '01',
      regionCode: '84',
      address: { postalCode: '01500', communeCode: '01004' },
      region: { code: '84', name: 'Auvergne-Rhône-Alpes' },
      organisme: { finessEj: '010000339', essmsCount: 2, isSmall: true },
    });
  });

  it('answers BAD_USER_INPUT naming a malformed FINESS, null for an unknown one', async () => {
    const bad = await querySubgraph(t.subgraph.url, '{ establishment(finess: "010780907") { name } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('010780907');
    const short = await querySubgraph(t.subgraph.url, '{ establishments(finess: ["010780906", "12AB"]) { name } }');
    expect(short.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(short.errors?.[0]?.message).toContain('12AB');
    const unknownFiness = `75000001${generateFinessKey('75000001')}`;
    const unknown = await querySubgraph<{ establishment: unknown }>(t.subgraph.url, `{ establishment(finess: "${unknownFiness}") { name } }`);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data?.establishment).toBeNull();
  });

  it('never imported the clinic (category 365); keeps the closed SESSAD, closed', async () => {
    const res = await querySubgraph<{ establishments: ({ finess: string; closed: boolean; closedOn: string | null } | null)[] }>(
      t.subgraph.url,
      `{ establishments(finess: ["${CLINIC}", "${CLOSED}", "${SSIAD}"]) { finess closed closedOn } }`,
    );
    expect(res.data?.establishments).toEqual([null, { finess: CLOSED, closed: true, closedOn: '1994-09-02' }, { finess: SSIAD, closed: false, closedOn: null }]);
  });

  it('resolves 3 Establishment entities with ONE establishment query', async () => {
    t.queries.length = 0;
    const res = await querySubgraph<{ _entities: { finess: string; name: string }[] }>(
      t.subgraph.url,
      `{ _entities(representations: [
        { __typename: "Establishment", finess: "${EHPAD}" },
        { __typename: "Establishment", finess: "${SSIAD}" },
        { __typename: "Establishment", finess: "${IJS}" }
      ]) { ... on Establishment { finess name organisme { name } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities.map((e) => e.finess)).toEqual([EHPAD, SSIAD, IJS]);
    expect(t.queries.filter((q) => /FROM "establishment"/.test(q))).toHaveLength(1);
    expect(t.queries.filter((q) => /FROM "organisme_gestionnaire"/.test(q))).toHaveLength(1);
  });

  it('resolves OrganismeGestionnaire entities, counting open ESSMS only', async () => {
    const res = await querySubgraph<{ _entities: { finessEj: string; essmsCount: number; isSmall: boolean; establishments: { finess: string }[] }[] }>(
      t.subgraph.url,
      `{ _entities(representations: [{ __typename: "OrganismeGestionnaire", finessEj: "010000255" }, { __typename: "OrganismeGestionnaire", finessEj: "010000156" }]) {
        ... on OrganismeGestionnaire { finessEj essmsCount isSmall establishments { finess } }
      } }`,
    );
    expect(res.data?._entities[0]).toMatchObject({ finessEj: '010000255', essmsCount: 3, isSmall: true });
    expect(res.data?._entities[0].establishments.map((e) => e.finess)).not.toContain(CLOSED);
    // The clinic's organisme runs no ESSMS: not imported.
    expect(res.data?._entities[1]).toBeNull();
  });

  it('searches by name (accents ignored), département and category', async () => {
    const res = await querySubgraph<{ byName: { finess: string }[]; byCat: { finess: string }[]; closed: { finess: string }[] }>(
      t.subgraph.url,
      `{ byName: searchEstablishments(query: "résidence urfe") { finess }
         byCat: searchEstablishments(departement: "01", category: "182") { finess }
         closed: searchEstablishments(category: "182", includeClosed: true, limit: 100) { finess } }`,
    );
    expect(res.data?.byName.map((e) => e.finess)).toEqual(['010780914']);
    expect(res.data?.byCat.map((e) => e.finess).sort()).toEqual(['010008183', '010011914']);
    expect(res.data?.closed.map((e) => e.finess)).toContain(CLOSED);
    const tooMany = await querySubgraph(t.subgraph.url, '{ searchEstablishments(query: "ehpad", limit: 101) { finess } }');
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('organisme(finessEj) is public and validates the number', async () => {
    const res = await querySubgraph<{ organisme: { name: string; region: { code: string } } }>(t.subgraph.url, '{ organisme(finessEj: "010000339") { name region { code } } }', {}, testClaims.public());
    expect(res.data?.organisme).toEqual({ name: 'RESIDENCE FONTELUNE', region: { code: '84' } });
    const bad = await querySubgraph(t.subgraph.url, '{ organisme(finessEj: "0100003") { name } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('internal route establishments/lookup gives facts for the other subgraphs (SERVICE only)', async () => {
    const res = await internal(t, 'establishments/lookup', { finess: [EHPAD, CLINIC, IJS, 'garbage'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { finess: EHPAD, name: 'EHPAD RÉSIDENCE FONTELUNE AMBERIEU-EN-BUGEY', regionCode: '84', departement: '01', finessEj: '010000339', category: '500', field: 'PA', closed: false, organismeEssmsCount: 2, organismeIsSmall: true },
      expect.objectContaining({ finess: IJS, finessEj: '010000255', organismeEssmsCount: 3, organismeIsSmall: true }),
    ]);
    expect((await internal(t, 'establishments/lookup', { finess: [EHPAD] }, false)).status).toBe(401);
    expect((await internal(t, 'establishments/lookup', { finess: 'nope' })).status).toBe(400);
  });

  it('internal route organismes/sizes counts open ESSMS per organisme', async () => {
    const res = await internal(t, 'organismes/sizes', { finessEj: ['010000339', '010000255', '010000156'] });
    expect(res.body).toEqual({ '010000339': 2, '010000255': 3 });
  });

  it('internal route establishments/facts answers a map keyed by FINESS', async () => {
    const res = await internal(t, 'establishments/facts', { finess: [SSIAD, CLINIC] });
    expect(res.body).toEqual({ [SSIAD]: { name: 'SSIAD EHPAD FONTELUNE AMBERIEU-EN-BUGEY', category: '354', finessEj: '010000339', regionCode: '84', departement: '01', closed: false } });
  });
});
