import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLAIMS_HEADER, startSubgraphServer, verifyClaims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { definition, entities, migrations } from '../subgraph';
import { finess } from '../testing/fixtures';
import { ANNUAIRE_FALLBACK_NOTICE } from './funding.service';

const QUERY = `query($input: FundingSimulationInput!) { fundingSimulation(input: $input) {
  essmsCount regionCount desk multiregional usages software hardware amoa total advance balance
  lines { finess rank situation usages software hardware prorata } notices } }`;

interface Sim {
  essmsCount: number; regionCount: number; desk: string; multiregional: boolean; usages: number; software: number; hardware: number;
  amoa: number; total: number; advance: number; balance: number; notices: string[];
  lines: { finess: string; rank: number; situation: string; usages: number; software: number; hardware: number; prorata: number }[];
}

const EJ_SMALL = finess('14', 900001);
const EJ_BIG = finess('14', 900002);

describe('fundingSimulation (public, numbers from @esms/domain computeFunding)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let annuaire: Server;
  const annuaireCalls: { role: string | undefined; body: unknown }[] = [];

  beforeAll(async () => {
    ensureTestSecret();
    // A tiny annuaire answering its internal route, refusing calls without SERVICE claims.
    annuaire = createServer(async (req, res) => {
      const claims = await verifyClaims(req.headers[CLAIMS_HEADER] as string | undefined);
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { finessEj: string[] };
      annuaireCalls.push({ role: claims?.role, body });
      if (!claims || claims.role !== 'SERVICE' || req.url !== '/internal/organismes/sizes') {
        res.writeHead(401).end();
        return;
      }
      const sizes: Record<string, number> = { [EJ_BIG]: 40, [EJ_SMALL]: 6 };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(Object.fromEntries(body.finessEj.map((ej) => [ej, sizes[ej] ?? 0]))));
    });
    await new Promise<void>((r) => annuaire.listen(0, '127.0.0.1', r));
    db = await openTestDatabase({ name: 'candidature_funding', entities, migrations });
    subgraph = await startSubgraphServer({ definition, db: db.dataSource });
  });

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
    await new Promise((r) => annuaire?.close(r));
  });

  afterEach(() => {
    delete process.env['ESMS_ANNUAIRE_URL'];
  });

  const simulate = (input: unknown, claims = testClaims.public()) => querySubgraph<{ fundingSimulation: Sim }>(subgraph.url, QUERY, { input }, claims);
  const useAnnuaire = () => {
    process.env['ESMS_ANNUAIRE_URL'] = `http://127.0.0.1:${(annuaire.address() as AddressInfo).port}`;
  };

  it('3 ESSMS in acquisition: 7 000 € usages + 14 000 € software each, 50 % advance', async () => {
    const res = await simulate({ essms: [1, 2, 3].map((n) => ({ finess: finess('14', n), situation: 'ACQUISITION' })) });
    expect(res.errors).toBeUndefined();
    const s = res.data!.fundingSimulation;
    expect(s).toMatchObject({ essmsCount: 3, regionCount: 1, desk: 'REGIONAL', multiregional: false, usages: 21000, software: 42000, hardware: 0, amoa: 0, total: 63000, advance: 31500, balance: 31500 });
    expect(s.lines.map((l) => l.rank)).toEqual([1, 2, 3]);
  });

  it('a 60-ESSMS grappe switches to the volume tier from rank 50', async () => {
    const res = await simulate({ essms: Array.from({ length: 60 }, (_, i) => ({ finess: finess('76', i + 1), situation: 'ACQUISITION' })) });
    const s = res.data!.fundingSimulation;
    expect(s.essmsCount).toBe(60);
    expect(s.lines[48]).toMatchObject({ rank: 49, usages: 7000, software: 14000 });
    expect(s.lines[49]).toMatchObject({ rank: 50, usages: 2000, software: 3000 });
    expect(s.usages).toBe(49 * 7000 + 11 * 2000);
    expect(s.software).toBe(49 * 14000 + 11 * 3000);
    expect(s.total).toBe(1_084_000);
  });

  it('each FINESS counts once and the regions decide the desk', async () => {
    const essms = [
      ...Array.from({ length: 30 }, (_, i) => ({ finess: finess('14', i + 1), situation: 'ACQUISITION' })),
      ...Array.from({ length: 25 }, (_, i) => ({ finess: finess('13', i + 1), situation: 'ACQUISITION' })),
      { finess: finess('14', 1), situation: 'ACQUISITION' },
    ];
    const s = (await simulate({ essms })).data!.fundingSimulation;
    expect(s).toMatchObject({ essmsCount: 55, regionCount: 2, desk: 'NATIONAL', multiregional: true });
    expect(s.notices.join(' ')).toContain('plusieurs fois');
  });

  it('mixed grappe: acquisitions ranked first, upgrades get 5 000 € usages and no software, with a notice', async () => {
    const s = (
      await simulate({
        essms: [
          { finess: finess('14', 1), situation: 'UPGRADE' },
          { finess: finess('14', 2), situation: 'ACQUISITION' },
          { finess: finess('14', 3), situation: 'ACQUISITION' },
        ],
      })
    ).data!.fundingSimulation;
    expect(s.lines.map((l) => [l.finess, l.rank, l.situation])).toEqual([
      [finess('14', 2), 1, 'ACQUISITION'],
      [finess('14', 3), 2, 'ACQUISITION'],
      [finess('14', 1), 3, 'UPGRADE'],
    ]);
    expect(s.lines[2]).toMatchObject({ usages: 5000, software: 0 });
    expect(s.total).toBe(2 * 21000 + 5000);
    expect(s.notices.some((n) => n.includes('Grappe mixte'))).toBe(true);
  });

  it('SAAD prorata of medico-social hours, rounded half up', async () => {
    const s = (await simulate({ essms: [{ finess: finess('14', 1), situation: 'ACQUISITION', saadTotalHours: 14000, saadMedicoSocialHours: 7001 }] })).data!
      .fundingSimulation;
    expect(s.lines[0].prorata).toBeCloseTo(0.500071, 5);
    expect(s.lines[0].usages).toBe(3501); // 3 500,5 → 3 501
    expect(s.lines[0].software).toBe(7001);
  });

  it('hardware min(quote, 20 000) only for small organismes (sizes read from the annuaire)', async () => {
    useAnnuaire();
    const s = (
      await simulate({
        essms: [
          { finess: finess('14', 1), situation: 'ACQUISITION', organismeFinessEj: EJ_SMALL, hardwareQuote: 25000 },
          { finess: finess('14', 2), situation: 'ACQUISITION', organismeFinessEj: EJ_SMALL, hardwareQuote: 8000 },
          { finess: finess('14', 3), situation: 'ACQUISITION', organismeFinessEj: EJ_BIG, hardwareQuote: 15000 },
        ],
      })
    ).data!.fundingSimulation;
    expect(s.lines.map((l) => l.hardware)).toEqual([20000, 8000, 0]);
    expect(s.hardware).toBe(28000);
    expect(s.notices.join(' ')).toContain('réservé aux petits organismes');
    expect(s.notices).not.toContain(ANNUAIRE_FALLBACK_NOTICE);
    const last = annuaireCalls.at(-1)!;
    expect(last.role).toBe('SERVICE');
    expect((last.body as { finessEj: string[] }).finessEj.sort()).toEqual([EJ_SMALL, EJ_BIG].sort());
  });

  it('AMOA 100 000 € only when every organisme is small', async () => {
    useAnnuaire();
    const small = (await simulate({ amoa: true, essms: [{ finess: finess('14', 1), situation: 'ACQUISITION', organismeFinessEj: EJ_SMALL }] })).data!.fundingSimulation;
    expect(small.amoa).toBe(100000);
    expect(small.total).toBe(21000 + 100000);
    const mixed = (
      await simulate({
        amoa: true,
        essms: [
          { finess: finess('14', 1), situation: 'ACQUISITION', organismeFinessEj: EJ_SMALL },
          { finess: finess('14', 2), situation: 'ACQUISITION', organismeFinessEj: EJ_BIG },
        ],
      })
    ).data!.fundingSimulation;
    expect(mixed.amoa).toBe(0);
    expect(mixed.notices.join(' ')).toContain('AMOA');
  });

  it('without the annuaire, counts the organisme in the input and says so', async () => {
    const s = (await simulate({ essms: [{ finess: finess('14', 1), situation: 'ACQUISITION', organismeFinessEj: EJ_BIG, hardwareQuote: 5000 }] })).data!.fundingSimulation;
    expect(s.hardware).toBe(5000); // 1 ESSMS in the input: small
    expect(s.notices).toContain(ANNUAIRE_FALLBACK_NOTICE);
  });

  it('a malformed FINESS is BAD_USER_INPUT naming it and its reason', async () => {
    const res = await simulate({ essms: [{ finess: finess('14', 1), situation: 'ACQUISITION' }, { finess: '140000012', situation: 'ACQUISITION' }] });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('140000012');
    expect(res.errors?.[0]?.message).toMatch(/clé/);
    expect((res.errors?.[0]?.extensions as Record<string, unknown>)['field']).toBe('essms[1].finess');
  });

  it('limits the input size', async () => {
    const res = await simulate({ essms: Array.from({ length: 2001 }, (_, i) => ({ finess: finess('14', i + 1), situation: 'ACQUISITION' })) });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('2000');
  });

  it('rejects unknown input fields and requests without gateway claims', async () => {
    const unknown = await simulate({ essms: [{ finess: finess('14', 1), situation: 'ACQUISITION', amount: 99 }] });
    expect(unknown.errors?.[0]).toBeDefined();
    expect(unknown.data).toBeUndefined();
    const anonymous = await querySubgraph(subgraph.url, QUERY, { input: { essms: [] } }, null);
    expect(anonymous.status).toBe(401);
  });

  it('lists the shipped campaigns with their tracks, windows and status (public)', async () => {
    const { ensureShippedCampaigns } = await import('../campaigns/campaign.service');
    await ensureShippedCampaigns(db.dataSource);
    const res = await querySubgraph<{ campaigns: { id: string; status: string; tracks: { kind: string; status: string; windows: { code: string; status: string }[] }[] }[] }>(
      subgraph.url,
      '{ campaigns { id label status region { code } tracks { kind opensOn closesOn status windows { code opensOn closesOn status } } } }',
    );
    expect(res.errors).toBeUndefined();
    const normandie = res.data!.campaigns.find((c) => c.id === 'normandie-2024')!;
    expect(normandie.status).toBe('CLOSED');
    expect(normandie.tracks.find((t) => t.kind === 'REGIONAL')!.windows.map((w) => w.code)).toEqual(['W1', 'W2']);
    expect(res.data!.campaigns.map((c) => c.id)).toContain('paca-2023');
  });
});
