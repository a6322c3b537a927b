import 'reflect-metadata';
import { DEMO_CALENDARS, SHIPPED_CALENDARS } from '@esms/domain';
import { startSubgraphServer, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { definition, entities, httpRoutes, migrations } from '../subgraph';
import { knownCampaign } from './campaigns';
import { DEMO_NORMANDIE_2026_GRID, syncDemoGrids } from './demo-grids';
import { NORMANDIE_2024_GRID } from './shipped-grids';
import { syncShippedGrids } from './sync-grids';

jest.setTimeout(60_000);

const normandie = testClaims.instructeur('28', 'instructeur-normandie-demo');
const paca = testClaims.instructeur('93', 'instructeur-paca-demo');

interface GridView {
  id: string;
  campaignId: string;
  status: string;
  maturityThreshold: number | null;
  label: string;
  criteria: { code: string; label: string; maxPoints: number }[];
  priorityRules: { code: string; label: string }[];
}

describe('demo campaign normandie-2026-demo in the grading-grid (ESMS_DEMO=1)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  const demoBefore = process.env['ESMS_DEMO'];
  const gql = <T>(query: string, claims = normandie) => querySubgraph<T>(subgraph.url, query, {}, claims);

  beforeAll(async () => {
    ensureTestSecret();
    db = await openTestDatabase({ name: 'grading_demo_grids', entities, migrations });
    await syncShippedGrids(db.dataSource);
    subgraph = await startSubgraphServer({ definition, httpRoutes, db: db.dataSource });
  });
  afterAll(async () => {
    if (demoBefore === undefined) delete process.env['ESMS_DEMO'];
    else process.env['ESMS_DEMO'] = demoBefore;
    await subgraph?.stop();
    await db?.close();
  });

  it('the demo campaign is a domain demo calendar, not a shipped one; known only in demo mode', () => {
    expect(DEMO_CALENDARS.map((c) => c.id)).toContain(DEMO_NORMANDIE_2026_GRID.campaignId);
    expect(SHIPPED_CALENDARS.map((c) => c.id)).not.toContain(DEMO_NORMANDIE_2026_GRID.campaignId);
    expect(knownCampaign('normandie-2026-demo', false)).toBeUndefined();
    expect(knownCampaign('normandie-2026-demo', true)?.regionCode).toBe('28');
    expect(knownCampaign('normandie-2024', false)?.id).toBe('normandie-2024');
  });

  it('syncs a published copy of the Normandie 2024 grid for the demo campaign, idempotently', async () => {
    expect((await syncDemoGrids(db.dataSource)).inserted).toEqual([DEMO_NORMANDIE_2026_GRID.id]);
    const count = async () => (await db.dataSource.query('SELECT count(*)::int AS n FROM grid_criterion'))[0].n as number;
    const before = await count();
    expect((await syncDemoGrids(db.dataSource)).inserted).toEqual([]);
    expect(await count()).toBe(before);

    const fields = 'id campaignId status maturityThreshold label criteria { code label maxPoints } priorityRules { code label }';
    const res = await gql<{ grids: GridView[] }>(`{ grids(regionCode: "28", campaignId: "normandie-2026-demo") { ${fields} } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.grids).toHaveLength(1);
    const [demo] = res.data!.grids;
    const source = (await gql<{ grids: GridView[] }>(`{ grids(regionCode: "28", campaignId: "normandie-2024") { ${fields} } }`)).data!.grids[0];
    expect(demo).toMatchObject({ id: DEMO_NORMANDIE_2026_GRID.id, campaignId: 'normandie-2026-demo', status: 'PUBLISHED', maturityThreshold: 11 });
    expect(demo.label).toMatch(/démonstration/);
    expect(demo.criteria).toEqual(source.criteria);
    expect(demo.priorityRules).toEqual(source.priorityRules);
    expect(demo.criteria.map((c) => c.code)).toEqual(NORMANDIE_2024_GRID.criteria.map((c) => c.code));
    const matchers: { n: number }[] = await db.dataSource.query(`SELECT count(*)::int AS n FROM priority_rule WHERE grid_id = $1 AND matcher IS NOT NULL`, [DEMO_NORMANDIE_2026_GRID.id]);
    const sourceMatchers: { n: number }[] = await db.dataSource.query(`SELECT count(*)::int AS n FROM priority_rule WHERE grid_id = $1 AND matcher IS NOT NULL`, [NORMANDIE_2024_GRID.id]);
    expect(matchers[0].n).toBe(sourceMatchers[0].n);
  });

  it('accepts a committee and an envelope on the demo campaign in demo mode only, and only for its ARS', async () => {
    const create = (claims = normandie) =>
      gql<{ createCommittee: { id: string; status: string; label: string } }>(
        `mutation { createCommittee(input: { campaignId: "normandie-2026-demo", windowCode: "W1", sessionDate: "2026-10-15" }) { id status label } }`,
        claims,
      );
    const envelope = () => gql<{ setRegionEnvelope: { amount: number } }>(`mutation { setRegionEnvelope(campaignId: "normandie-2026-demo", amount: 400000) { amount } }`);

    delete process.env['ESMS_DEMO'];
    expect((await create()).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await envelope()).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await db.dataSource.query(`SELECT id FROM committee WHERE campaign_id = 'normandie-2026-demo'`)).toEqual([]);

    process.env['ESMS_DEMO'] = '1';
    expect((await create(paca)).errors?.[0].extensions?.code).toBe('NOT_FOUND'); // another ARS: like a missing campaign
    const created = await create();
    expect(created.errors).toBeUndefined();
    expect(created.data!.createCommittee).toMatchObject({ status: 'PLANNED' });
    expect(created.data!.createCommittee.label).toMatch(/démonstration/);
    const set = await envelope();
    expect(set.errors).toBeUndefined();
    expect(set.data!.setRegionEnvelope.amount).toBe(400_000);
  });
});
