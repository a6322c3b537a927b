import { CLAIMS_HEADER, serviceClaims, signClaims } from '@esms/server-kit';
import { querySubgraph, testClaims } from '@esms/server-kit/testing';
import { startAnnuaireForTest, type AnnuaireTestServer } from '../demo/start-for-tests';
import { DUI_CATALOGUE } from '../reference/dui-catalogue';
import { DuiSolutionChangeRow } from './dui-solution.entity';
import { loadDemoCatalogue } from './dui-solution.service';

const CREATE = `mutation($input: DuiSolutionInput!) { createDuiSolution(input: $input) { id editor product version couloir vague profile referencingStatus demo updatedBy } }`;
const INPUT = { editor: 'Éditeur Test', product: 'DUI Test', version: '1.0', couloir: 'MEDICO_SOCIAL', vague: 1, profile: 'PA', referencingStatus: 'IN_PROGRESS' };

describe('DUI catalogue', () => {
  let t: AnnuaireTestServer;
  beforeAll(async () => {
    t = await startAnnuaireForTest();
    await t.db.dataSource.transaction((m) => loadDemoCatalogue(m));
  }, 60_000);
  afterAll(() => t?.stop());

  it('is public to read, with filters', async () => {
    const all = await querySubgraph<{ duiSolutions: { id: string; demo: boolean; updatedBy: string | null }[] }>(t.subgraph.url, '{ duiSolutions { id demo updatedBy } }', {}, testClaims.public());
    expect(all.data?.duiSolutions).toHaveLength(DUI_CATALOGUE.length);
    expect(all.data?.duiSolutions.every((s) => s.demo && s.updatedBy === null)).toBe(true);
    const ms = await querySubgraph<{ duiSolutions: { couloir: string; vague: number; referencingStatus: string }[] }>(
      t.subgraph.url,
      '{ duiSolutions(filter: { couloir: MEDICO_SOCIAL, vague: 1, referencingStatus: REFERENCED }) { couloir vague referencingStatus } }',
    );
    expect(ms.data?.duiSolutions.length).toBeGreaterThan(0);
    expect(ms.data?.duiSolutions.every((s) => s.couloir === 'MEDICO_SOCIAL' && s.vague === 1 && s.referencingStatus === 'REFERENCED')).toBe(true);
  });

  it('refuses catalogue changes to PORTEUR (FORBIDDEN) and PUBLIC (UNAUTHENTICATED)', async () => {
    const porteur = await querySubgraph(t.subgraph.url, CREATE, { input: INPUT }, testClaims.porteur(['010000339']));
    expect(porteur.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await querySubgraph(t.subgraph.url, CREATE, { input: INPUT }, testClaims.public());
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const instructeur = await querySubgraph(t.subgraph.url, `mutation { setDuiReferencingStatus(id: "${DUI_CATALOGUE[0].id}", status: WITHDRAWN) { id } }`, {}, testClaims.instructeur('28'));
    expect(instructeur.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.db.dataSource.getRepository(DuiSolutionChangeRow).count()).toBe(0);
  });

  it('lets the CNSA create, update and change the status, each change recorded (who, when)', async () => {
    const cnsa = testClaims.cnsa('cnsa-agent-7');
    const created = await querySubgraph<{ createDuiSolution: { id: string; updatedBy: string; demo: boolean } }>(t.subgraph.url, CREATE, { input: INPUT }, cnsa);
    expect(created.errors).toBeUndefined();
    const id = created.data?.createDuiSolution.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.data?.createDuiSolution).toMatchObject({ demo: false, updatedBy: 'cnsa-agent-7' });

    const dup = await querySubgraph(t.subgraph.url, CREATE, { input: INPUT }, cnsa);
    expect(dup.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const badVague = await querySubgraph(t.subgraph.url, CREATE, { input: { ...INPUT, version: '2.0', vague: 3 } }, cnsa);
    expect(badVague.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const updated = await querySubgraph<{ updateDuiSolution: { version: string } }>(
      t.subgraph.url,
      'mutation($id: ID!) { updateDuiSolution(id: $id, input: { version: "1.1" }) { version } }',
      { id },
      cnsa,
    );
    expect(updated.data?.updateDuiSolution.version).toBe('1.1');
    const status = await querySubgraph<{ setDuiReferencingStatus: { referencingStatus: string; history: { action: string; changedBy: string; changedAt: string; before: string | null; after: string }[] } }>(
      t.subgraph.url,
      'mutation($id: ID!) { setDuiReferencingStatus(id: $id, status: REFERENCED) { referencingStatus history { action changedBy changedAt before after } } }',
      { id },
      testClaims.cnsa('cnsa-agent-8'),
    );
    expect(status.errors).toBeUndefined();
    const s = status.data?.setDuiReferencingStatus;
    expect(s?.referencingStatus).toBe('REFERENCED');
    expect(s?.history.map((h) => [h.action, h.changedBy])).toEqual([
      ['CREATE', 'cnsa-agent-7'],
      ['UPDATE', 'cnsa-agent-7'],
      ['SET_REFERENCING_STATUS', 'cnsa-agent-8'],
    ]);
    expect(JSON.parse(s?.history[2].before as string).referencingStatus).toBe('IN_PROGRESS');
    expect(JSON.parse(s?.history[2].after as string).referencingStatus).toBe('REFERENCED');
    expect(Number.isNaN(Date.parse(s?.history[2].changedAt as string))).toBe(false);

    const missing = await querySubgraph(t.subgraph.url, 'mutation { setDuiReferencingStatus(id: "nope", status: REFERENCED) { id } }', {}, cnsa);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('hides the history from non-CNSA callers', async () => {
    const res = await querySubgraph(t.subgraph.url, '{ duiSolutions { id history { action } } }', {}, testClaims.porteur(['010000339']));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('resolves DuiSolution entities in one batch', async () => {
    t.queries.length = 0;
    const ids = DUI_CATALOGUE.slice(0, 3).map((s) => s.id);
    const res = await querySubgraph<{ _entities: { product: string }[] }>(
      t.subgraph.url,
      `{ _entities(representations: [${ids.map((id) => `{ __typename: "DuiSolution", id: "${id}" }`).join(', ')}]) { ... on DuiSolution { product } } }`,
    );
    expect(res.data?._entities.map((e) => e.product)).toEqual(DUI_CATALOGUE.slice(0, 3).map((s) => s.product));
    expect(t.queries.filter((q) => /FROM "dui_solution"/.test(q))).toHaveLength(1);
  });

  it('demo catalogue loading is idempotent', async () => {
    expect(await t.db.dataSource.transaction((m) => loadDemoCatalogue(m))).toBe(0);
  });

  it('internal route dui-solutions/facts gives the referencing facts by id (SERVICE only)', async () => {
    const id = DUI_CATALOGUE[0].id;
    const post = async (claims: boolean) =>
      fetch(`${t.baseUrl}/internal/dui-solutions/facts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(claims ? { [CLAIMS_HEADER]: await signClaims(serviceClaims('candidature')) } : {}) },
        body: JSON.stringify({ ids: [id, 'unknown'] }),
      });
    const res = await post(true);
    expect(await res.json()).toEqual({ [id]: expect.objectContaining({ couloir: 'MEDICO_SOCIAL', vague: 1, referencingStatus: DUI_CATALOGUE[0].referencingStatus, demo: true }) });
    expect((await post(false)).status).toBe(401);
  });
});
