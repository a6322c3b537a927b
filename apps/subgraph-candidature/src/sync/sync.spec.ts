import { randomUUID } from 'node:crypto';
import { startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { definition, entities, migrations } from '../subgraph';
import { decodeCursor } from './sync.service';

/* eslint-disable @typescript-eslint/no-explicit-any */

const apiClient = (scopes: string[]): Claims => ({ sub: randomUUID(), role: 'API_CLIENT', organismes: [], regionCode: null, departements: [], scopes });
const CONNECTION = `query($first: Int, $after: String, $updatedSince: DateTimeISO, $filter: CandidatureFilter) {
  candidaturesConnection(first: $first, after: $after, updatedSince: $updatedSince, filter: $filter) {
    totalCount edges { cursor node { id reference state updatedAt } } pageInfo { hasNextPage endCursor } } }`;

describe('candidaturesConnection (cursor pagination, API client scopes)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  const normandie: string[] = [];
  const paca: string[] = [];
  let draft = '';
  const q = <T = any>(query: string, variables: Record<string, unknown>, claims: Claims) => querySubgraph<T>(subgraph.url, query, variables, claims);
  const page = async (claims: Claims, variables: Record<string, unknown>) => {
    const res = await q<{ candidaturesConnection: any }>(CONNECTION, variables, claims);
    expect(res.errors).toBeUndefined();
    return (res.data as { candidaturesConnection: any }).candidaturesConnection;
  };
  const touch = (id: string) => db.dataSource.query(`UPDATE candidature SET updated_at = clock_timestamp(), version = version + 1 WHERE id = $1`, [id]);

  beforeAll(async () => {
    ensureTestSecret();
    db = await openTestDatabase({ name: 'candidature_sync', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    const insert = async (ref: string, campaign: string, pivot: string, submitted: boolean, updatedAt: string) => {
      const id = randomUUID();
      await db.dataSource.query(
        `INSERT INTO candidature (id, reference, campaign_id, porteur_account_id, organismes, title, state, desk, pivot_region, track, window_code, submitted_at, version, created_at, updated_at)
         VALUES ($1, $2, $3, 'porteur-x', $4, $5, $6, 'REGIONAL', $7, 'regional', $8, $9, 1, $10, $10)`,
        [id, ref, campaign, ['140000001'], `Projet ${ref}`, submitted ? 'SUBMITTED' : 'DRAFT', pivot, submitted ? 'W1' : null, submitted ? '2024-03-01T10:00:00Z' : null, updatedAt],
      );
      return id;
    };
    // 12 submitted Normandie files, several sharing the same updated_at (ties broken by id), 5 PACA, 1 private draft
    for (let i = 0; i < 12; i++) normandie.push(await insert(`SYNC-N${i}`, 'normandie-2024', '28', true, `2024-05-0${1 + (i % 4)}T08:00:00.123456Z`));
    for (let i = 0; i < 5; i++) paca.push(await insert(`SYNC-P${i}`, 'paca-2023', '93', true, `2024-05-02T08:00:00Z`));
    draft = await insert('SYNC-D', 'normandie-2024', '28', false, '2024-05-01T08:00:00Z');
    subgraph = await startSubgraphServer({ definition, db: db.dataSource, port: 0 });
  }, 120_000);

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it('walks every page of a region token with no duplicate and no miss, while files are updated in between', async () => {
    const token = apiClient(['files:read:28']);
    const seen: { id: string; updatedAt: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    const updatedDuringWalk = new Set<string>();
    for (;;) {
      const p: any = await page(token, { first: 5, after });
      expect(p.totalCount).toBeGreaterThanOrEqual(12);
      seen.push(...p.edges.map((e: any) => ({ id: e.node.id, updatedAt: e.node.updatedAt })));
      expect(p.edges.at(-1)?.cursor ?? null).toBe(p.pageInfo.endCursor);
      pages++;
      if (pages === 1) {
        // one already read, one not read yet: both come (again) at the end with their new state, none is lost
        const read = p.edges[0].node.id;
        const unread = normandie.find((id) => !seen.some((s) => s.id === id)) as string;
        await touch(read);
        await touch(unread);
        updatedDuringWalk.add(read).add(unread);
      }
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    const ids = seen.map((s) => s.id);
    expect(new Set(ids)).toEqual(new Set(normandie));
    for (const id of normandie) {
      const times = ids.filter((x) => x === id).length;
      expect(times).toBe(updatedDuringWalk.has(id) && ids.indexOf(id) < 5 ? 2 : 1);
    }
    expect(ids).not.toContain(draft);
    expect(pages).toBe(3);
  });

  it('synchronises with updatedSince, caps pages at 100, refuses forged cursors', async () => {
    const token = apiClient(['files:read:28']);
    const all = await page(token, { first: 100 });
    const last = all.edges.at(-1).node.updatedAt;
    const since = await page(token, { first: 100, updatedSince: last });
    expect(since.edges.map((e: any) => e.node.id)).toContain(all.edges.at(-1).node.id);
    expect(since.totalCount).toBeLessThan(all.totalCount);
    await touch(normandie[3]);
    const next = await page(token, { first: 100, updatedSince: last });
    expect(next.edges.map((e: any) => e.node.id)).toContain(normandie[3]);

    expect(decodeCursor(all.pageInfo.endCursor).id).toBe(all.edges.at(-1).node.id);
    const tooMany = await q(CONNECTION, { first: 101 }, token);
    expect(tooMany.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const forged = await q(CONNECTION, { first: 5, after: Buffer.from("x' OR 1=1 --|y").toString('base64url') }, token);
    expect(forged.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('scopes like `candidatures`: aggregates-only sees no file, a region token not another region (same answer as non-existent)', async () => {
    const aggregates = apiClient(['aggregates:read']);
    expect((await page(aggregates, { first: 10 })).totalCount).toBe(0);
    const one = `query($id: ID!) { candidature(id: $id) { id reference } }`;
    const denied = await q(one, { id: normandie[0] }, aggregates);
    const missing = await q(one, { id: randomUUID() }, aggregates);
    expect(denied.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect(denied.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);

    const region = apiClient(['files:read:28']);
    const other = await q(one, { id: paca[0] }, region);
    expect(other.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect(other.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    expect((await q<any>(one, { id: normandie[0] }, region)).data?.candidature.id).toBe(normandie[0]);
    expect((await q(one, { id: draft }, region)).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');

    const both = await page(apiClient(['files:read:28', 'files:read:93']), { first: 100 });
    expect(both.totalCount).toBe(17);
    expect((await page(testClaims.cnsa(), { first: 100 })).totalCount).toBe(17);
    expect((await page(testClaims.instructeur('93'), { first: 100 })).totalCount).toBe(5);
    expect((await page(testClaims.public(), { first: 100 })).totalCount).toBe(0);
  });
});
