/* eslint-disable @typescript-eslint/no-non-null-assertion, @typescript-eslint/no-explicit-any -- test assertions read responses already checked */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { parisDate } from '@esms/domain';
import { CLAIMS_HEADER, signClaims, startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { definition, entities, httpRoutes, migrations } from '../subgraph';
import { finess } from '../testing/fixtures';
import { addMonths } from './convention.service';

jest.setTimeout(30_000);

const EJ = finess('14', 700001);
const instructeur28 = testClaims.instructeur('28', 'instr-28');
const instructeur93 = testClaims.instructeur('93', 'instr-93');
const porteur = testClaims.porteur([EJ], 'porteur-conv');

const CONVENTION = 'id status total advance balance durationMonths projectStart expectedEnd signedOn documentUrl';
const GENERATE = `mutation ($id: ID!) { generateConvention(candidatureId: $id) { ${CONVENTION} } }`;
const SIGN = `mutation ($id: ID!, $on: String!) { signConvention(candidatureId: $id, signedOn: $on) { ${CONVENTION} } }`;
const READ = `query ($id: ID!) { candidature(id: $id) { id state convention { ${CONVENTION} } payments { kind amount status dueOn } history { action fromState toState } } }`;

describe('convention', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  const q = <T = any>(query: string, variables: Record<string, unknown>, claims: Claims) => querySubgraph<T>(subgraph.url, query, variables, claims);

  async function insertFile(state: string): Promise<string> {
    const id = randomUUID();
    await db.dataSource.query(
      `INSERT INTO candidature (id, reference, campaign_id, porteur_account_id, organismes, title, state, desk, pivot_region, track, window_code, submitted_at, version, created_at, updated_at)
       VALUES ($1, $2, 'normandie-2024', 'porteur-conv', $3::text[], 'Projet conventionné', $4, 'REGIONAL', '28', 'regional', 'W1', now(), 1, now(), now())`,
      [id, `NOR-2024-${id.slice(0, 4)}`, [EJ], state],
    );
    const members = [
      { finess: finess('14', 710001), situation: 'ACQUISITION', hardware: 12_345 },
      { finess: finess('14', 710002), situation: 'ACQUISITION', hardware: null },
      { finess: finess('14', 710003), situation: 'UPGRADE', hardware: null },
    ];
    for (const m of members) {
      await db.dataSource.query(`INSERT INTO grappe_member (candidature_id, finess, situation, region_code, finess_ej, hardware_quote) VALUES ($1, $2, $3, '28', $4, $5)`, [
        id,
        m.finess,
        m.situation,
        EJ,
        m.hardware,
      ]);
    }
    return id;
  }

  beforeAll(async () => {
    ensureTestSecret();
    db = await openTestDatabase({ name: 'candidature_convention', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    subgraph = await startSubgraphServer({ definition, db: db.dataSource, ...({ httpRoutes } as Record<string, unknown>) });
  }, 60_000);

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it('generates the convention of a RETAINED file, signs it: CONVENTION_SIGNED, event, advance = ceil(total / 2) due', async () => {
    const id = await insertFile('RETAINED');
    const other = await q(GENERATE, { id }, instructeur93);
    expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const byPorteur = await q(GENERATE, { id }, porteur);
    expect(byPorteur.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const early = await q(SIGN, { id, on: parisDate(new Date()) }, instructeur28);
    expect(early.errors?.[0].extensions?.code).toBe('CONFLICT');

    const generated = await q<{ generateConvention: any }>(GENERATE, { id }, instructeur28);
    expect(generated.errors).toBeUndefined();
    const c = generated.data!.generateConvention;
    expect(c.status).toBe('GENERATED');
    expect(c.advance).toBe(Math.ceil(c.total / 2));
    expect(c.advance + c.balance).toBe(c.total);
    expect(c.durationMonths).toBe(18); // acquisitions in the grappe
    expect(c.expectedEnd).toBe(addMonths(c.projectStart, 18));

    const pdf = await fetch(`http://127.0.0.1:${subgraph.port}${c.documentUrl}`, { headers: { [CLAIMS_HEADER]: await signClaims(porteur) } });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('%PDF');

    const future = await q(SIGN, { id, on: '2999-01-01' }, instructeur28);
    expect(future.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const garbage = await q(SIGN, { id, on: '2024-02-31' }, instructeur28);
    expect(garbage.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const today = parisDate(new Date());
    const signed = await q<{ signConvention: any }>(SIGN, { id, on: today }, instructeur28);
    expect(signed.errors).toBeUndefined();
    expect(signed.data!.signConvention).toMatchObject({ status: 'SIGNED', signedOn: today, projectStart: today, expectedEnd: addMonths(today, 18) });

    const read = await q<{ candidature: any }>(READ, { id }, porteur);
    expect(read.data!.candidature.state).toBe('CONVENTION_SIGNED');
    expect(read.data!.candidature.payments).toEqual([{ kind: 'ADVANCE', amount: Math.ceil(c.total / 2), status: 'DUE', dueOn: today }]);
    const history = read.data!.candidature.history.map((h: any) => `${h.action}:${h.fromState}->${h.toState}`);
    expect(history).toEqual(expect.arrayContaining(['generate_convention:RETAINED->RETAINED', 'sign_convention:RETAINED->CONVENTION_SIGNED']));
    const history2 = await db.dataSource.query(`SELECT count(*)::int AS n FROM funding_history WHERE candidature_id = $1`, [id]);
    expect(history2[0].n).toBe(3);

    const twice = await q(SIGN, { id, on: today }, instructeur28);
    expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
    const regenerate = await q(GENERATE, { id }, instructeur28);
    expect(regenerate.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM payment WHERE candidature_id = $1`, [id])).toEqual([{ n: 1 }]);
  });

  it('refuses a convention for a file not retained', async () => {
    const id = await insertFile('IN_COMMITTEE');
    const res = await q(GENERATE, { id }, instructeur28);
    expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('adds calendar months with the day clamped to the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-06-15', 18)).toBe('2025-12-15');
  });
});
