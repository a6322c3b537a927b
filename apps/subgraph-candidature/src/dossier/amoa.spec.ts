import { computeFunding } from '@esms/domain';
import { startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { definition, entities, httpRoutes, migrations } from '../subgraph';
import { finess, insertOpenCampaign } from '../testing/fixtures';

jest.setTimeout(120_000);

/* The AMOA forfait (003 §4.4.2 3, domain-rules §4): 100 000 € per project, for regroupements made only of small
   organismes gestionnaires. The porteur asks for it in the dossier; the server checks it with the domain's rule. */
const EJ_SMALL = finess('14', 800001); // 4 ESSMS in the annuaire: small (< 15)
const EJ_BIG = finess('14', 800002); // 40 ESSMS: not small
const porteur: Claims = { ...testClaims.porteur([EJ_SMALL], 'amoa-porteur'), email: 'amoa@example.fr' };
const SIZES: Record<string, number> = { [EJ_SMALL]: 4, [EJ_BIG]: 40 };

/** The annuaire's internal organisme-size route, which the candidature's funding reads. */
function fakeAnnuaire(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
    res.setHeader('content-type', 'application/json');
    if (req.url === '/internal/organismes/sizes') return res.end(JSON.stringify(Object.fromEntries((body.finessEj as string[]).map((f) => [f, SIZES[f] ?? 0]))));
    res.statusCode = 404;
    res.end('{}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Cand {
  id: string;
  version: number;
  amoaRequested: boolean;
  funding: { amoa: number; total: number; notices: string[] };
  history: { action: string; comment: string | null }[];
}
const FIELDS = 'id version amoaRequested funding { amoa total notices } history { action comment }';

describe('AMOA request in the dossier (003 §4.4.2 3)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let annuaire: Server;
  let n = 0;
  const q = <T>(query: string, variables: Record<string, unknown>) => querySubgraph<T>(subgraph.url, query, variables, porteur);
  const draft = async (members: { finess: string; finessEj: string }[]) => {
    const created = await q<{ createCandidature: Cand }>(`mutation($i: CreateCandidatureInput!) { createCandidature(input: $i) { ${FIELDS} } }`, { i: { campaignId: 'amoa-28', title: `AMOA ${++n}`, organismeFinessEj: EJ_SMALL } });
    expect(created.errors).toBeUndefined();
    if (!members.length) return created.data!.createCandidature;
    const added = await q<{ addGrappeMembers: Cand }>(`mutation($id: ID!, $m: [GrappeMemberInput!]!) { addGrappeMembers(id: $id, members: $m) { ${FIELDS} } }`, {
      id: created.data!.createCandidature.id,
      m: members.map((m) => ({ ...m, situation: 'ACQUISITION' })),
    });
    expect(added.errors).toBeUndefined();
    return added.data!.addGrappeMembers;
  };
  const askAmoa = (c: Cand, amoaRequested: boolean | null, version = c.version) =>
    q<{ updateCandidatureDossier: Cand }>(`mutation($id: ID!, $v: Int!, $a: Boolean) { updateCandidatureDossier(id: $id, expectedVersion: $v, input: { amoaRequested: $a }) { ${FIELDS} } }`, { id: c.id, v: version, a: amoaRequested });
  const stored = async (id: string) => (await db.dataSource.query(`SELECT amoa_requested, version FROM candidature WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    ensureTestSecret();
    annuaire = await fakeAnnuaire();
    process.env['ESMS_ANNUAIRE_URL'] = `http://127.0.0.1:${(annuaire.address() as { port: number }).port}`;
    process.env['ESMS_DATA_DIR'] = mkdtempSync(join(tmpdir(), 'amoa-'));
    db = await openTestDatabase({ name: 'amoa', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    await insertOpenCampaign(db.dataSource, 'amoa-28', '28');
    subgraph = await startSubgraphServer({ definition, db: db.dataSource, httpRoutes });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
    await new Promise((r) => annuaire?.close(r));
    delete process.env['ESMS_ANNUAIRE_URL'];
  });

  it('a grappe of small organismes gets the 100 000 € forfait; the estimate is computeFunding with amoa; the request is in the history', async () => {
    const members = [1, 2, 3].map((i) => ({ finess: finess('14', 810000 + i), finessEj: EJ_SMALL }));
    const c = await draft(members);
    expect(c.funding.amoa).toBe(0);
    const res = await askAmoa(c, true);
    expect(res.errors).toBeUndefined();
    const after = res.data!.updateCandidatureDossier;
    const expected = computeFunding({ essms: members.map((m) => ({ finess: m.finess, regionCode: '28', situation: 'ACQUISITION', organismeFinessEj: m.finessEj })), amoa: true, organismeSizes: SIZES });
    expect(expected.amoa).toBe(100000);
    expect(after).toMatchObject({ amoaRequested: true, version: c.version + 1, funding: { amoa: expected.amoa, total: expected.total } });
    expect(after.history.at(-1)).toEqual({ action: 'edit_dossier', comment: expect.stringMatching(/^Forfait AMOA demandé/) });
    expect(await stored(c.id)).toEqual({ amoa_requested: true, version: c.version + 1 });

    // Withdrawn: no forfait, recorded too.
    const off = await askAmoa(after, false);
    expect(off.errors).toBeUndefined();
    expect(off.data!.updateCandidatureDossier).toMatchObject({ amoaRequested: false, funding: { amoa: 0, total: expected.total - 100000 } });
    expect(off.data!.updateCandidatureDossier.history.at(-1)).toEqual({ action: 'edit_dossier', comment: 'Demande de forfait AMOA retirée.' });
  });

  it('refused with the domain reason when an organisme of the grappe is not small, or the grappe is empty; nothing changes', async () => {
    const c = await draft([{ finess: finess('14', 820001), finessEj: EJ_SMALL }, { finess: finess('14', 820002), finessEj: EJ_BIG }]);
    const before = await stored(c.id);
    const res = await askAmoa(c, true);
    expect(res.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    expect((res.errors?.[0].extensions as Record<string, unknown> | undefined)?.['field']).toBe('amoaRequested');
    expect(res.errors?.[0].message).toMatch(/Le forfait AMOA ne peut pas être demandé pour cette grappe : .*réservé aux regroupements composés uniquement de petits organismes gestionnaires/);
    expect(await stored(c.id)).toEqual(before);

    const empty = await draft([]);
    const none = await askAmoa(empty, true);
    expect(none.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(none.errors?.[0].message).toMatch(/Ajoutez au moins un ESSMS/);
    expect((await stored(empty.id)).amoa_requested).toBe(false);
  });

  it('asked, then a large organisme joins the grappe: the domain grants nothing and says why', async () => {
    const c = await draft([{ finess: finess('14', 830001), finessEj: EJ_SMALL }]);
    const asked = (await askAmoa(c, true)).data!.updateCandidatureDossier;
    expect(asked.funding.amoa).toBe(100000);
    const added = await q<{ addGrappeMembers: Cand }>(`mutation($id: ID!, $v: Int, $m: [GrappeMemberInput!]!) { addGrappeMembers(id: $id, expectedVersion: $v, members: $m) { ${FIELDS} } }`, {
      id: c.id,
      v: asked.version,
      m: [{ finess: finess('14', 830002), finessEj: EJ_BIG, situation: 'ACQUISITION' }],
    });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addGrappeMembers).toMatchObject({ amoaRequested: true, funding: { amoa: 0 } });
    expect(added.data!.addGrappeMembers.funding.notices.join(' ')).toMatch(/forfait AMOA de 100 000 € est réservé/);
  });

  it('a stale version is a CONFLICT and changes nothing', async () => {
    const c = await draft([{ finess: finess('14', 840001), finessEj: EJ_SMALL }]);
    expect((await askAmoa(c, true)).errors).toBeUndefined();
    const stale = await askAmoa(c, false, c.version);
    expect(stale.errors?.[0].extensions?.['code']).toBe('CONFLICT');
    expect((await stored(c.id)).amoa_requested).toBe(true);
  });
});
