import { querySubgraph, testClaims } from '@esms/server-kit/testing';
import { startAnnuaireForTest, type AnnuaireTestServer } from '../demo/start-for-tests';
import { syncReferenceData } from './reference-sync';
import { RegionRow } from './region.entity';

const ACCEPTANCE = '{ regions { code name isOverseas ars { genericEmails referents { name email } } grades { name contacts { name email } } } }';

interface RegionOut {
  code: string;
  name: string;
  isOverseas: boolean;
  isCorse?: boolean;
  ars: { genericEmails: string[]; referents: { name: string; email: string }[] };
  grades: { name: string; contacts: { name: string; email: string | null }[] } | null;
}

describe('regions and ARS directory', () => {
  let t: AnnuaireTestServer;
  beforeAll(async () => {
    t = await startAnnuaireForTest();
  }, 60_000);
  afterAll(() => t?.stop());

  it('answers the acceptance query with the 18 regions, for a public caller', async () => {
    const res = await querySubgraph<{ regions: RegionOut[] }>(t.subgraph.url, ACCEPTANCE, {}, testClaims.public());
    expect(res.errors).toBeUndefined();
    expect(res.data?.regions).toHaveLength(18);
    const normandie = res.data?.regions.find((r) => r.code === '28');
    expect(normandie?.name).toBe('Normandie');
    expect(normandie?.ars.genericEmails).toContain('ars-normandie-esante@ars.sante.fr');
    expect(normandie?.ars.referents).toContainEqual({ name: 'Laurent VISEUR', email: 'Laurent.viseur@ars.sante.fr' });
    expect(normandie?.grades?.name).toBe("Normand'e-Santé");
    const paca = res.data?.regions.find((r) => r.code === '93');
    expect(paca?.ars.referents.map((r) => r.email)).toContain('caroline.torossian@ars.sante.fr');
    // Mayotte: no GRADeS row in the annex.
    expect(res.data?.regions.find((r) => r.code === '06')?.grades).toBeNull();
  });

  it('flags Corse and the 5 overseas regions', async () => {
    const res = await querySubgraph<{ regions: RegionOut[] }>(t.subgraph.url, '{ regions { code name isOverseas isCorse } }');
    const regions = res.data?.regions ?? [];
    expect(regions.filter((r) => r.isCorse).map((r) => r.code)).toEqual(['94']);
    expect(regions.filter((r) => r.isOverseas).map((r) => r.code).sort()).toEqual(['01', '02', '03', '04', '06']);
  });

  it('gives one region with its départements, and null for an unknown code', async () => {
    const res = await querySubgraph<{ region: { name: string; departements: { code: string }[] }; nowhere: unknown }>(
      t.subgraph.url,
      '{ region(code: "28") { name departements { code name } } nowhere: region(code: "99") { code } }',
    );
    expect(res.data?.region.departements.map((d) => d.code)).toEqual(['14', '27', '50', '61', '76']);
    expect(res.data?.nowhere).toBeNull();
    const corse = await querySubgraph<{ region: { departements: { code: string }[] } }>(t.subgraph.url, '{ region(code: "94") { departements { code } } }');
    expect(corse.data?.region.departements.map((d) => d.code)).toEqual(['2A', '2B']);
  });

  it('resolves Region entities in one batch', async () => {
    t.queries.length = 0;
    const res = await querySubgraph<{ _entities: { name: string }[] }>(
      t.subgraph.url,
      '{ _entities(representations: [{ __typename: "Region", code: "28" }, { __typename: "Region", code: "93" }, { __typename: "Region", code: "zz" }]) { ... on Region { name } } }',
    );
    expect(res.data?._entities).toEqual([{ name: 'Normandie' }, { name: "Provence-Alpes-Côte d'Azur" }, null]);
    expect(t.queries.filter((q) => /FROM "region"/.test(q))).toHaveLength(1);
  });

  it('lists the programme actors', async () => {
    const res = await querySubgraph<{ programmeActors: { id: string; level: string }[] }>(t.subgraph.url, '{ programmeActors { id acronym name role level } }');
    expect(res.data?.programmeActors.map((a) => a.id)).toEqual(expect.arrayContaining(['ARS', 'GRADES', 'CNSA', 'ANS', 'ANAP']));
  });

  it('refuses a request without gateway claims (401)', async () => {
    const res = await querySubgraph(t.subgraph.url, ACCEPTANCE, {}, null);
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
  });

  it('reference sync is idempotent', async () => {
    await syncReferenceData(t.db.dataSource);
    expect(await t.db.dataSource.getRepository(RegionRow).count()).toBe(18);
  });
});
