import 'reflect-metadata';
import { Column, Entity, In, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { byKeys, loaderFor, type SubgraphContext } from './context';
import { startSubgraphServer, type RunningSubgraph } from './subgraph-server';
import type { Database } from './database';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from './testing';

@Entity('thing')
class ThingRow {
  @PrimaryColumn() id!: string;
  @Column() label!: string;
}

class CreateThing1700000000000 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE thing (id text PRIMARY KEY, label text NOT NULL)`);
    await q.query(`INSERT INTO thing VALUES ('a', 'Alpha'), ('b', 'Beta')`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE thing`);
  }
}

@Directive('@key(fields: "id")')
@ObjectType()
class Thing {
  @Field(() => ID) id!: string;
  @Field() label!: string;
}

let batches = 0;
const loadThings = (ctx: SubgraphContext) =>
  loaderFor<string, ThingRow>(ctx, 'thing', async (ids) => {
    batches += 1;
    return byKeys(ids, await ctx.db.getRepository(ThingRow).findBy({ id: In([...ids]) }), (r) => r.id);
  });

@Resolver(() => Thing)
class ThingResolver {
  @Query(() => Thing, { nullable: true })
  thing(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext) {
    return loadThings(ctx).load(id);
  }
  @Query(() => String)
  whoAmI(@Ctx() ctx: SubgraphContext) {
    return ctx.claims.role;
  }
}

describe('subgraph server (server-kit)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    ensureTestSecret();
    db = await openTestDatabase({ name: 'kit', entities: [ThingRow], migrations: [CreateThing1700000000000] });
    subgraph = await startSubgraphServer({
      definition: {
        name: 'kit',
        resolvers: [ThingResolver],
        referenceResolvers: { Thing: { __resolveReference: (ref: { id: string }, ctx) => loadThings(ctx).load(ref.id) } },
      },
      db: db.dataSource,
    });
  }, 60_000);

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it('refuses a request without gateway claims (401), root fields and _entities alike', async () => {
    for (const query of ['{ whoAmI }', '{ _service { sdl } }', '{ _entities(representations: [{ __typename: "Thing", id: "a" }]) { ... on Thing { label } } }']) {
      const res = await querySubgraph(subgraph.url, query, {}, null);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.data).toBeUndefined();
    }
  });

  it('refuses forged claims', async () => {
    const res = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-esms-claims': 'eyJhbGciOiJub25lIn0.eyJjbGFpbXMiOnsicm9sZSI6IkNOU0EifX0.' },
      body: JSON.stringify({ query: '{ whoAmI }' }),
    });
    expect(res.status).toBe(401);
  });

  it('answers with valid claims, reads the database, and batches entity resolution', async () => {
    const res = await querySubgraph<{ whoAmI: string }>(subgraph.url, '{ whoAmI }', {}, testClaims.cnsa());
    expect(res.data?.whoAmI).toBe('CNSA');
    batches = 0;
    const entities = await querySubgraph<{ _entities: { label: string }[] }>(
      subgraph.url,
      '{ _entities(representations: [{ __typename: "Thing", id: "a" }, { __typename: "Thing", id: "b" }, { __typename: "Thing", id: "zz" }]) { ... on Thing { label } } }',
      {},
      testClaims.cnsa(),
    );
    expect(entities.data?._entities).toEqual([{ label: 'Alpha' }, { label: 'Beta' }, null]);
    expect(batches).toBe(1);
  });

  it('prints a Federation 2 SDL with the @key directive', () => {
    expect(subgraph.sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3"');
    expect(subgraph.sdl).toMatch(/type Thing @key\(fields: "id"\)/);
  });

  it('masks internal errors', async () => {
    const res = await querySubgraph(subgraph.url, '{ thing(id: null) { id } }', {}, testClaims.cnsa());
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
