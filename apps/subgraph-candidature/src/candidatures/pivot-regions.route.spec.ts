import { CLAIMS_HEADER, callInternal, signClaims, startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { definition, entities, internalRoutes, migrations } from '../subgraph';
import { finess, insertOpenCampaign } from '../testing/fixtures';
import type { FilePivot } from './pivot-regions.route';

jest.setTimeout(60_000);

const EJ_N = finess('14', 810001);
const porteur = testClaims.porteur([EJ_N], 'porteur-pivot');

describe('internal route candidatures/pivot-regions (for the grading-grid)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let base: string;
  let normandieOnly: string;
  let multiregional: string;

  const create = async (claims: Claims, title: string, members: { finess: string; situation: string }[]) => {
    const created = await querySubgraph<{ createCandidature: { id: string } }>(
      subgraph.url,
      `mutation($i: CreateCandidatureInput!) { createCandidature(input: $i) { id } }`,
      { i: { campaignId: 'test-28', title, organismeFinessEj: EJ_N } },
      claims,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createCandidature.id;
    const added = await querySubgraph<{ addGrappeMembers: { multiregional: boolean; regions: { code: string }[] } }>(
      subgraph.url,
      `mutation($id: ID!, $m: [GrappeMemberInput!]!) { addGrappeMembers(id: $id, members: $m) { multiregional regions { code } } }`,
      { id, m: members.map((m) => ({ ...m, finessEj: EJ_N })) },
      claims,
    );
    expect(added.errors).toBeUndefined();
    return { id, ...added.data!.addGrappeMembers };
  };

  beforeAll(async () => {
    ensureTestSecret();
    delete process.env['ESMS_ANNUAIRE_URL'];
    db = await openTestDatabase({ name: 'candidature_pivot_regions', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    await insertOpenCampaign(db.dataSource, 'test-28', '28');
    subgraph = await startSubgraphServer({ definition, db: db.dataSource, internalRoutes } as Parameters<typeof startSubgraphServer>[0]);
    base = `http://127.0.0.1:${subgraph.port}`;
    normandieOnly = (await create(porteur, 'Projet normand', [1, 2].map((n) => ({ finess: finess('14', 500 + n), situation: 'ACQUISITION' })))).id;
    // A Normandie file whose grappe includes an ESSMS of PACA (13): multiregional, pivot ARS Normandie.
    const multi = await create(porteur, 'Projet normand et provençal', [
      { finess: finess('14', 600), situation: 'ACQUISITION' },
      { finess: finess('13', 601), situation: 'ACQUISITION' },
    ]);
    expect(multi).toMatchObject({ multiregional: true, regions: [{ code: '28' }, { code: '93' }] });
    multiregional = multi.id;
  });

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it('answers the pivot ARS of each existing file, multiregional ones included; unknown and malformed ids are absent', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const answer = await callInternal<FilePivot[]>(base, 'candidatures/pivot-regions', { ids: [normandieOnly, multiregional.toUpperCase(), missing, 'not-an-id'] }, 'grading-grid');
    expect(answer).toHaveLength(2);
    const byId = new Map(answer.map((f) => [f.id, f]));
    expect(byId.get(normandieOnly)).toEqual({ id: normandieOnly, pivotRegion: '28', campaignId: 'test-28', state: 'DRAFT' });
    // PACA has an ESSMS in it, yet the file is Normandie's to grade and decide.
    expect(byId.get(multiregional)).toEqual({ id: multiregional, pivotRegion: '28', campaignId: 'test-28', state: 'DRAFT' });
    expect(await callInternal(base, 'candidatures/pivot-regions', { ids: [] }, 'grading-grid')).toEqual([]);
  });

  it('refuses malformed bodies and callers without SERVICE claims', async () => {
    await expect(callInternal(base, 'candidatures/pivot-regions', { ids: 'x' }, 'grading-grid')).rejects.toThrow(/400/);
    await expect(callInternal(base, 'candidatures/pivot-regions', { ids: Array.from({ length: 201 }, () => 'x') }, 'grading-grid')).rejects.toThrow(/400/);
    const asPerson = await fetch(`${base}/internal/candidatures/pivot-regions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signClaims(testClaims.instructeur('93', 'instr-93')) },
      body: JSON.stringify({ ids: [normandieOnly] }),
    });
    expect(asPerson.status).toBe(401);
  });
});
