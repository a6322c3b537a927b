import 'reflect-metadata';
import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { Ctx, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from './context';
import type { Database } from './database';
import { CLAIMS_HEADER, serviceClaims, signClaims } from './claims';
import { sqlStatementCount, type SubgraphMetrics } from './metrics';
import { startSubgraphServer, type RunningSubgraph } from './subgraph-server';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from './testing';

@Entity('counted')
class CountedRow {
  @PrimaryColumn() id!: string;
  @Column() label!: string;
}

class CreateCounted1700000000001 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE counted (id text PRIMARY KEY, label text NOT NULL)`);
    await q.query(`INSERT INTO counted VALUES ('a', 'Alpha'), ('b', 'Beta'), ('c', 'Gamma')`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE counted`);
  }
}

@Resolver()
class CountedResolver {
  @Query(() => [String])
  async labelsOneQuery(@Ctx() ctx: SubgraphContext) {
    return (await ctx.db.getRepository(CountedRow).find({ order: { id: 'ASC' } })).map((r) => r.label);
  }
  @Query(() => [String])
  async labelsNPlusOne(@Ctx() ctx: SubgraphContext) {
    const ids = ['a', 'b', 'c'];
    const rows = await Promise.all(ids.map((id) => ctx.db.getRepository(CountedRow).findOneByOrFail({ id })));
    return rows.map((r) => r.label);
  }
}

async function metrics(subgraph: RunningSubgraph, claims = serviceClaims('bench')) {
  const response = await fetch(subgraph.url.replace(/\/graphql$/, '/internal/metrics'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signClaims(claims) },
    body: '{}',
  });
  return { status: response.status, body: (await response.json()) as SubgraphMetrics };
}

describe('subgraph metrics (SQL statement and request counters)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    ensureTestSecret();
    db = await openTestDatabase({ name: 'metrics', entities: [CountedRow], migrations: [CreateCounted1700000000001] });
    subgraph = await startSubgraphServer({ definition: { name: 'metrics', resolvers: [CountedResolver] }, db: db.dataSource });
  }, 60_000);

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it('counts the SQL statements of each request, so an N+1 shows', async () => {
    const before = sqlStatementCount(db.dataSource) ?? NaN;
    await querySubgraph(subgraph.url, '{ labelsOneQuery }', {}, testClaims.cnsa());
    const afterOne = sqlStatementCount(db.dataSource) ?? NaN;
    const res = await querySubgraph<{ labelsNPlusOne: string[] }>(subgraph.url, '{ labelsNPlusOne }', {}, testClaims.cnsa());
    const afterN = sqlStatementCount(db.dataSource) ?? NaN;
    expect(res.data?.labelsNPlusOne).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(afterOne - before).toBe(1);
    expect(afterN - afterOne).toBe(3);
  });

  it('serves the counters on /internal/metrics to SERVICE callers only', async () => {
    const first = await metrics(subgraph);
    expect(first.status).toBe(200);
    expect(first.body.subgraph).toBe('metrics');
    await querySubgraph(subgraph.url, '{ labelsOneQuery }', {}, testClaims.public());
    const second = await metrics(subgraph);
    expect(second.body.graphqlRequests - first.body.graphqlRequests).toBe(1);
    expect((second.body.sqlStatements ?? 0) - (first.body.sqlStatements ?? 0)).toBe(1);

    expect((await metrics(subgraph, testClaims.cnsa())).status).toBe(401);
  });

  it('does not expose inherited object members as internal routes', async () => {
    const response = await fetch(subgraph.url.replace(/\/graphql$/, '/internal/constructor'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signClaims(serviceClaims('bench')) },
      body: '{}',
    });
    expect(response.status).toBe(404);
  });
});
