import { demoAccountId, demoPorteurEmail, startSubgraphServer, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { definition, entities, migrations } from '../subgraph';
import { demoPorteurOrganisme, readDemoStructures } from './demo-structures';
import { loadDemoData } from './load-demo';

const structures = readDemoStructures();
const describeIfFile = structures ? describe : describe.skip;

describeIfFile('demo data (ESMS_DEMO=1)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    ensureTestSecret();
    delete process.env['ESMS_ANNUAIRE_URL'];
    db = await openTestDatabase({ name: 'candidature_demo', entities, migrations });
    subgraph = await startSubgraphServer({ definition, db: db.dataSource });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it('loads once: both campaigns, files in many states with histories and funding history', async () => {
    const first = await loadDemoData(db.dataSource);
    expect(first.loaded).toBe(true);
    expect(first.candidatures).toBeGreaterThanOrEqual(15);
    expect((await loadDemoData(db.dataSource)).loaded).toBe(false);
    const states: { state: string }[] = await db.dataSource.query(`SELECT DISTINCT state FROM candidature`);
    expect(states.length).toBeGreaterThanOrEqual(10);
    const regions: { campaign_id: string; n: number }[] = await db.dataSource.query(`SELECT campaign_id, count(*)::int AS n FROM candidature GROUP BY campaign_id ORDER BY campaign_id`);
    expect(regions.map((r) => r.campaign_id)).toEqual(['normandie-2024', 'paca-2023']);
    const orphans = await db.dataSource.query(`SELECT id FROM candidature c WHERE state <> 'DRAFT' AND NOT EXISTS (SELECT 1 FROM candidature_event e WHERE e.candidature_id = c.id AND e.to_state = c.state)`);
    expect(orphans).toEqual([]);
  });

  it('names the annuaire demo accounts by their deterministic ids: the porteur of each organisme, the actors of the histories', async () => {
    const main = demoPorteurOrganisme(structures!)!;
    const files: { organismes: string[]; porteur_account_id: string }[] = await db.dataSource.query(`SELECT organismes, porteur_account_id FROM candidature`);
    for (const f of files) expect(f.porteur_account_id).toBe(demoAccountId(demoPorteurEmail(f.organismes[0], main.finessEj)));
    expect(files.map((f) => f.porteur_account_id)).toContain(demoAccountId('porteur@demo.esms-numerique.fr'));
    const actors: { actor_id: string }[] = await db.dataSource.query(`SELECT DISTINCT actor_id FROM candidature_event WHERE actor_id IS NOT NULL`);
    for (const a of actors) expect(a.actor_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(actors.map((a) => a.actor_id)).toEqual(expect.arrayContaining([demoAccountId('instructeur.normandie@demo.esms-numerique.fr'), demoAccountId('instructeur.paca@demo.esms-numerique.fr')]));
  });

  it('the demo porteur sees its files, and E03–E05 show on its draft', async () => {
    const porteur = demoPorteurOrganisme(structures!)!;
    const res = await querySubgraph<{ candidatures: { reference: string; state: string; eligibility: { items: { code: string; status: string }[] } }[] }>(
      subgraph.url,
      '{ candidatures { reference state eligibility { items { code status } } } }',
      {},
      testClaims.porteur([porteur.finessEj]),
    );
    expect(res.errors).toBeUndefined();
    const files = res.data!.candidatures;
    expect(files.length).toBeGreaterThanOrEqual(2);
    const draft = files.find((f) => f.state === 'DRAFT')!;
    const ko = draft.eligibility.items.filter((i) => i.status === 'KO').map((i) => i.code);
    expect(ko).toEqual(expect.arrayContaining(['E03', 'E04', 'E05']));
  });

  it('instructeurs see their regions’ files', async () => {
    const count = async (region: string) =>
      (await querySubgraph<{ candidatureCount: number }>(subgraph.url, '{ candidatureCount }', {}, testClaims.instructeur(region))).data!.candidatureCount;
    expect(await count('28')).toBeGreaterThanOrEqual(6);
    expect(await count('93')).toBeGreaterThanOrEqual(6);
  });
});
