import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { computeFunding, USAGE_INDICATORS } from '@esms/domain';
import { startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { definition, entities, migrations } from '../subgraph';
import { finess } from '../testing/fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

// ESSMS of the seed: Normandie (28: Calvados 14, Seine-Maritime 76), Bretagne (53: 35), PACA (93: 13).
const A = [1, 2, 3, 4].map((i) => finess('14', 100 + i)); // PA
const B = [1, 2].map((i) => finess('76', 200 + i)); // PH_ADULTES
const BZH = finess('35', 301); // PA, Bretagne
const P = [1, 2, 3, 4, 5, 6, 7].map((i) => finess('13', 400 + i)); // PA, PACA
const FIELDS: Record<string, string> = Object.fromEntries([...A.map((f) => [f, 'PA']), ...B.map((f) => [f, 'PH_ADULTES']), [BZH, 'PA'], ...P.map((f) => [f, 'PA'])]);
const TOTALS = { '28': { open: 10, byField: { PA: 6, PH_ADULTES: 4 } }, '53': { open: 5, byField: { PA: 5 } }, '93': { open: 20, byField: { PA: 20 } } };

interface Seed {
  ref: string;
  campaign: 'normandie-2024' | 'paca-2023';
  state: string;
  pivot: string;
  window: string | null;
  submittedAt: string | null;
  members: [string, string, 'ACQUISITION' | 'UPGRADE'][]; // finess, region, situation
  solution?: string;
}
const SEEDS: Seed[] = [
  { ref: 'N1', campaign: 'normandie-2024', state: 'RETAINED', pivot: '28', window: 'W1', submittedAt: '2024-03-10T10:00:00Z', members: A.slice(0, 3).map((f) => [f, '28', 'ACQUISITION']), solution: 'sol-alpha' },
  { ref: 'N2', campaign: 'normandie-2024', state: 'SUBMITTED', pivot: '28', window: 'W2', submittedAt: '2024-07-01T10:00:00Z', members: B.map((f) => [f, '28', 'UPGRADE']), solution: 'sol-beta' },
  { ref: 'N3', campaign: 'normandie-2024', state: 'CONVENTION_SIGNED', pivot: '28', window: 'W1', submittedAt: '2024-03-20T10:00:00Z', members: [[A[0]!, '28', 'ACQUISITION'], [A[3]!, '28', 'ACQUISITION']], solution: 'sol-alpha' },
  { ref: 'N4', campaign: 'normandie-2024', state: 'DRAFT', pivot: '28', window: null, submittedAt: null, members: [[A[1]!, '28', 'ACQUISITION']] },
  { ref: 'N5', campaign: 'normandie-2024', state: 'RETAINED', pivot: '28', window: 'W1', submittedAt: '2024-04-05T10:00:00Z', members: [[A[2]!, '28', 'ACQUISITION'], [BZH, '53', 'UPGRADE']], solution: 'sol-alpha' },
  { ref: 'P1', campaign: 'paca-2023', state: 'NOT_RETAINED', pivot: '93', window: 'W1', submittedAt: '2023-03-01T10:00:00Z', members: [[P[0]!, '93', 'ACQUISITION'], [P[1]!, '93', 'ACQUISITION']] },
  ...[2, 3, 4, 5, 6].map((i): Seed => ({ ref: `P${i}`, campaign: 'paca-2023', state: 'SUBMITTED', pivot: '93', window: 'W2', submittedAt: `2023-0${i + 3}-15T10:00:00Z`, members: [[P[i]!, '93', 'ACQUISITION']] })),
];
const GRANTED = ['N1', 'N3', 'N5'];
const amountOf = (s: Seed) =>
  computeFunding({ essms: s.members.map(([f, regionCode, situation]) => ({ finess: f, regionCode, situation })), amoa: false }).total;
const seedsIn = (pred: (s: Seed) => boolean) => SEEDS.filter((s) => s.state !== 'DRAFT' && pred(s));
const sum = (list: Seed[]) => list.reduce((t, s) => t + amountOf(s), 0);

const DASHBOARD = `query($filter: DashboardFilter) { nationalDashboard(filter: $filter) {
  generatedAt envelope { amount startYear endYear source }
  france { code projectsAtRisk files filesGranted amountRequested amountGranted amountPaid essmsCovered essmsInFiles essmsOpen essmsNotCovered coverageRate byState { key files amount } byWindow { key files } }
  regions { code name isOverseas region { code } projectsAtRisk files filesGranted amountRequested amountGranted amountPaid essmsCovered essmsInFiles essmsOpen essmsNotCovered coverageRate byState { key label files amount } byWindow { key files } }
  byField { field label files essmsInFiles essmsCovered essmsOpen essmsNotCovered }
  byProjectType { projectType files filesGranted amountRequested amountGranted }
  byDuiSolution { solutionId solution { id } files filesGranted essms amountGranted }
  monthly { month submissions amountRequested amountGranted }
  usageTargets { available message months { month essmsMeasured indicators { indicator target essmsReaching share } } }
  projectsAtRisk { available message count definition items { id reference regionCode regionName organismes reasons reason candidature { id reference } } }
  campaignYears windowCodes notes } }`;
const FILES = `query($filter: DashboardFilesFilter, $limit: Int) { dashboardFiles(filter: $filter, limit: $limit) { total items {
  id reference title state regionCode regionName windowCode campaignYear projectType duiSolutionId essmsCount amountRequested granted candidature { id reference state } } } }`;

describe('national dashboard (CNSA aggregates)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let annuaire: Server;
  const previousAnnuaire = process.env['ESMS_ANNUAIRE_URL'];
  const ids = new Map<string, string>();
  const cnsa = testClaims.cnsa();
  const q = <T = any>(query: string, variables: Record<string, unknown>, claims: Claims | null = cnsa) => querySubgraph<T>(subgraph.url, query, variables, claims);
  const dashboard = async (filter?: Record<string, unknown>) => {
    const res = await q<{ nationalDashboard: any }>(DASHBOARD, { filter });
    expect(res.errors).toBeUndefined();
    return res.data!.nationalDashboard;
  };

  beforeAll(async () => {
    ensureTestSecret();
    annuaire = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/internal/establishments/totals') return res.end(JSON.stringify(TOTALS));
        if (req.url === '/internal/establishments/fields') {
          const keys: string[] = JSON.parse(body).finess;
          return res.end(JSON.stringify(Object.fromEntries(keys.filter((k) => FIELDS[k]).map((k) => [k, { field: FIELDS[k], category: '500', closed: false }]))));
        }
        if (req.url === '/internal/organismes/sizes') return res.end('{}');
        res.statusCode = 404;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => annuaire.listen(0, '127.0.0.1', resolve));
    process.env['ESMS_ANNUAIRE_URL'] = `http://127.0.0.1:${(annuaire.address() as AddressInfo).port}`;
    db = await openTestDatabase({ name: 'candidature_national', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    for (const s of SEEDS) {
      const id = randomUUID();
      ids.set(s.ref, id);
      await db.dataSource.query(
        `INSERT INTO candidature (id, reference, campaign_id, porteur_account_id, organismes, title, state, desk, pivot_region, track, window_code, submitted_at, version, created_at, updated_at)
         VALUES ($1, $2, $3, 'porteur-x', $4, $5, $6, 'REGIONAL', $7, $8, $9, $10, 1, now(), now())`,
        [id, `TEST-${s.ref}`, s.campaign, ['140000001'], `Projet confidentiel ${s.ref}`, s.state, s.pivot, s.members.some(([, r]) => r !== s.pivot) ? 'multiregional' : 'regional', s.window, s.submittedAt],
      );
      let rank = 1;
      for (const [f, region, situation] of s.members) {
        await db.dataSource.query(
          `INSERT INTO grappe_member (candidature_id, finess, rank, situation, region_code, chosen_solution_id) VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, f, rank++, situation, region, s.solution ?? null],
        );
      }
    }
    subgraph = await startSubgraphServer({ definition, db: db.dataSource });
  }, 60_000);

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
    await new Promise((resolve) => annuaire?.close(resolve));
    if (previousAnnuaire === undefined) delete process.env['ESMS_ANNUAIRE_URL'];
    else process.env['ESMS_ANNUAIRE_URL'] = previousAnnuaire;
  });

  it('counts files per state and region, drafts never submitted left out, and matches a direct SQL count', async () => {
    const d = await dashboard();
    const direct: any[] = await db.dataSource.query(`SELECT count(*)::int AS n FROM candidature WHERE state <> 'DRAFT' OR submitted_at IS NOT NULL`);
    expect(d.france.files).toBe(direct[0].n);
    expect(d.france.files).toBe(10);
    expect(d.regions).toHaveLength(18);
    const nor = d.regions.find((r: any) => r.code === '28');
    expect(nor).toMatchObject({ name: 'Normandie', files: 4, filesGranted: 3, region: { code: '28' } });
    expect(Object.fromEntries(nor.byState.map((s: any) => [s.key, s.files]))).toEqual({ SUBMITTED: 1, RETAINED: 2, CONVENTION_SIGNED: 1 });
    expect(Object.fromEntries(nor.byWindow.map((w: any) => [w.key, w.files]))).toEqual({ W1: 3, W2: 1 });
    const paca = d.regions.find((r: any) => r.code === '93');
    expect(Object.fromEntries(paca.byState.map((s: any) => [s.key, s.files]))).toEqual({ SUBMITTED: 5, NOT_RETAINED: 1 });
    expect(d.regions.find((r: any) => r.code === '04')).toMatchObject({ name: 'La Réunion', isOverseas: true, files: 0 });
    // National = sum of the regions.
    for (const key of ['files', 'filesGranted', 'amountRequested', 'amountGranted', 'amountPaid', 'essmsCovered']) {
      expect(d.france[key]).toBe(d.regions.reduce((t: number, r: any) => t + r[key], 0));
    }
  });

  it('sums the domain funding of submitted files (requested) and of retained-or-later files (granted)', async () => {
    const d = await dashboard();
    expect(amountOf(SEEDS[0]!)).toBe(63_000); // 3 acquisitions × (7 000 usages + 14 000 software)
    const nor = d.regions.find((r: any) => r.code === '28');
    expect(nor.amountRequested).toBe(sum(seedsIn((s) => s.pivot === '28')));
    expect(nor.amountGranted).toBe(sum(seedsIn((s) => GRANTED.includes(s.ref))));
    expect(d.france.amountRequested).toBe(sum(seedsIn(() => true)));
    expect(d.envelope).toMatchObject({ amount: 600_000_000, startYear: 2021, endYear: 2025 });
    expect(d.envelope.source).toContain('002_34b071bb12705278');
    // One stored total per file: the queue's `funding_total`, the same figure.
    const stored: any[] = await db.dataSource.query(`SELECT sum(funding_total)::int AS n FROM candidature WHERE state <> 'DRAFT' OR submitted_at IS NOT NULL`);
    expect(stored[0].n).toBe(d.france.amountRequested);
    expect(await db.dataSource.query(`SELECT to_regclass('national_file_amount') AS t`)).toEqual([{ t: null }]);
  });

  it('sums the payments recorded as paid (not the due ones) per pivot region: France = sum of the regions = direct SQL sum', async () => {
    const pay = `INSERT INTO payment (id, candidature_id, kind, amount, status, due_on, created_by, paid_on, reference, paid_by, paid_at)
      VALUES (gen_random_uuid(), $1, $2, $3, $4, '2024-06-01', 'test', $5, $6, $7, $8)`;
    await db.dataSource.query(pay, [ids.get('N3'), 'ADVANCE', 12_000, 'PAID', '2024-06-10', 'VIR-1', 'test', new Date()]);
    await db.dataSource.query(pay, [ids.get('N3'), 'BALANCE', 9_000, 'DUE', null, null, null, null]);
    await db.dataSource.query(pay, [ids.get('N1'), 'ADVANCE', 31_500, 'PAID', '2024-06-12', 'VIR-2', 'test', new Date()]);
    try {
      const d = await dashboard();
      const direct: any[] = await db.dataSource.query(`SELECT coalesce(sum(amount), 0)::int AS n FROM payment WHERE status = 'PAID'`);
      expect(direct[0].n).toBe(43_500);
      expect(d.france.amountPaid).toBe(direct[0].n);
      expect(d.france.amountPaid).toBe(d.regions.reduce((t: number, r: any) => t + r.amountPaid, 0));
      expect(d.regions.find((r: any) => r.code === '28').amountPaid).toBe(43_500);
      expect(d.regions.find((r: any) => r.code === '93').amountPaid).toBe(0);
      expect((await dashboard({ campaignYear: 2023 })).france.amountPaid).toBe(0);
      expect(d.notes.join(' ')).toContain('versements enregistrés comme payés');
    } finally {
      await db.dataSource.query(`DELETE FROM payment WHERE created_by = 'test'`);
    }
  });

  it('counts ESSMS covered (distinct FINESS of retained files, by the ESSMS region) and not covered (open in the annuaire − covered)', async () => {
    const d = await dashboard();
    const nor = d.regions.find((r: any) => r.code === '28');
    expect(nor.essmsCovered).toBe(4); // A1..A4 (A1 and A3 in two retained files count once)
    expect(nor).toMatchObject({ essmsOpen: 10, essmsNotCovered: 6, coverageRate: 0.4 });
    expect(d.regions.find((r: any) => r.code === '53')).toMatchObject({ essmsCovered: 1, essmsOpen: 5, essmsNotCovered: 4 });
    expect(d.regions.find((r: any) => r.code === '93')).toMatchObject({ essmsCovered: 0, essmsInFiles: 7, essmsOpen: 20, essmsNotCovered: 20 });
    expect(d.france).toMatchObject({ essmsCovered: 5, essmsOpen: 35, essmsNotCovered: 30 });
    const direct: any[] = await db.dataSource.query(
      `SELECT count(DISTINCT gm.finess)::int AS n FROM grappe_member gm JOIN candidature c ON c.id = gm.candidature_id
        WHERE c.state IN ('RETAINED', 'CONVENTION_SIGNED', 'ADVANCE_PAID', 'IN_DEPLOYMENT', 'BALANCE_REQUESTED', 'CLOSED')`,
    );
    expect(d.france.essmsCovered).toBe(direct[0].n);
    const pa = d.byField.find((f: any) => f.field === 'PA');
    expect(pa).toMatchObject({ label: 'Personnes âgées', essmsCovered: 5, essmsOpen: 31, essmsNotCovered: 26 });
    expect(d.byField.find((f: any) => f.field === 'PH_ADULTES')).toMatchObject({ files: 1, essmsInFiles: 2, essmsCovered: 0 });
  });

  it('breaks down by project type, DUI solution and month, and filters by year, window, field and type', async () => {
    const d = await dashboard();
    expect(d.byProjectType.find((t: any) => t.projectType === 'MIXED')).toMatchObject({ files: 1, filesGranted: 1 });
    expect(d.byProjectType.find((t: any) => t.projectType === 'UPGRADE')).toMatchObject({ files: 1, filesGranted: 0, amountGranted: 0 });
    expect(d.byDuiSolution.find((s: any) => s.solutionId === 'sol-alpha')).toMatchObject({ files: 3, filesGranted: 3, solution: { id: 'sol-alpha' } });
    expect(d.monthly.find((m: any) => m.month === '2024-03')).toMatchObject({ submissions: 2 });
    expect(d.monthly.reduce((t: number, m: any) => t + m.submissions, 0)).toBe(10);
    expect(d.campaignYears).toEqual([2023, 2024]);
    expect((await dashboard({ campaignYear: 2023 })).france.files).toBe(6);
    expect((await dashboard({ windowCode: 'W2' })).france.files).toBe(6);
    const ph = await dashboard({ field: 'PH_ADULTES' });
    expect(ph.france).toMatchObject({ files: 1, essmsOpen: 4 });
    expect((await dashboard({ projectType: 'ACQUISITION' })).france.files).toBe(8);
    // The grappe facts kept on write by triggers equal the aggregate of the grappe members.
    const live = `SELECT gm.candidature_id, CASE WHEN bool_and(gm.situation = 'ACQUISITION') THEN 'ACQUISITION' WHEN bool_and(gm.situation = 'UPGRADE') THEN 'UPGRADE' ELSE 'MIXED' END AS project_type,
      min(gm.chosen_solution_id) AS solution_id, count(*)::int AS essms FROM grappe_member gm GROUP BY 1 ORDER BY 1`;
    expect(await db.dataSource.query(`SELECT candidature_id, project_type, solution_id, essms FROM national_file_grappe ORDER BY 1`)).toEqual(await db.dataSource.query(live));
    const bad = await q(DASHBOARD, { filter: { projectType: 'NOPE' } });
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('drills every figure down to the list of files, with the same filters', async () => {
    const res = await q<{ dashboardFiles: any }>(FILES, { filter: { regionCode: '28', grantedOnly: true } });
    expect(res.errors).toBeUndefined();
    const page = res.data!.dashboardFiles;
    expect(page.total).toBe(3);
    expect(page.items.map((i: any) => i.reference).sort()).toEqual(['TEST-N1', 'TEST-N3', 'TEST-N5']);
    const n1 = page.items.find((i: any) => i.reference === 'TEST-N1');
    expect(n1).toMatchObject({ regionName: 'Normandie', projectType: 'ACQUISITION', essmsCount: 3, amountRequested: 63_000, granted: true, campaignYear: 2024, candidature: { id: ids.get('N1'), state: 'RETAINED' } });
    const monthFiles = await q<{ dashboardFiles: any }>(FILES, { filter: { submittedMonth: '2024-03' } });
    expect(monthFiles.data!.dashboardFiles.total).toBe(2);
    const states = await q<{ dashboardFiles: any }>(FILES, { filter: { regionCode: '93', states: ['SUBMITTED'] }, limit: 2 });
    expect(states.data!.dashboardFiles).toMatchObject({ total: 5 });
    expect(states.data!.dashboardFiles.items).toHaveLength(2);
  });

  it('is reserved to CNSA: instructeur and porteur are FORBIDDEN, the public UNAUTHENTICATED', async () => {
    for (const [claims, code] of [
      [testClaims.instructeur('28'), 'FORBIDDEN'],
      [testClaims.porteur(['140000001']), 'FORBIDDEN'],
      [testClaims.public(), 'UNAUTHENTICATED'],
    ] as const) {
      const d = await q(DASHBOARD, {}, claims);
      expect(d.errors?.[0]?.extensions?.['code']).toBe(code);
      expect(d.data).toBeNull();
      const f = await q(FILES, {}, claims);
      expect(f.errors?.[0]?.extensions?.['code']).toBe(code);
    }
  });

  it('recomputes the amount of a file whose grappe changed (version bump)', async () => {
    const id = ids.get('N2')!;
    await db.dataSource.query(`INSERT INTO grappe_member (candidature_id, finess, rank, situation, region_code) VALUES ($1, $2, 3, 'UPGRADE', '28')`, [id, finess('76', 299)]);
    await db.dataSource.query(`UPDATE candidature SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
    const res = await q<{ dashboardFiles: any }>(FILES, { filter: { regionCode: '28', states: ['SUBMITTED'] } });
    expect(res.data!.dashboardFiles.items[0]).toMatchObject({ reference: 'TEST-N2', essmsCount: 3, amountRequested: 15_000 });
  });

  it('usage targets: "aucune mesure" until measurements exist, then the share of ESSMS reaching each target by month', async () => {
    const before = await dashboard();
    expect(before.usageTargets).toMatchObject({ available: false, months: [] });
    expect(before.usageTargets.message).toMatch(/^Aucune mesure/);
    expect(before.projectsAtRisk).toMatchObject({ available: true, count: 0, items: [] }); // no convention signed in the seed
    // Rows of the follow-up module's table (issue 6): one per ESSMS and month.
    const insert = `INSERT INTO usage_measurement (id, candidature_id, finess, month, period_from, period_to, persons_accompanied, mssante_messages_sent, dmp_fed,
      active_dossiers, active_dossiers_with_pp, active_dossiers_with_agenda, source, recorded_by, recorded_by_role)
      VALUES (gen_random_uuid(), $1, $2, '2024-10', '2024-08-01', '2024-10-31', $3, $4, $5, $6, $7, $8, 'FORM', 'test', 'PORTEUR')`;
    await db.dataSource.query(insert, [ids.get('N1'), A[0], 100, 80, 75, 95, 90, 92]); // every target reached
    await db.dataSource.query(insert, [ids.get('N1'), A[1], 100, 10, 75, 50, 20, 20]); // DMP only
    try {
      const d = await dashboard();
      expect(d.usageTargets.available).toBe(true);
      const month = d.usageTargets.months[0];
      expect(month).toMatchObject({ month: '2024-10', essmsMeasured: 2 });
      const share = Object.fromEntries(month.indicators.map((i: any) => [i.indicator, i.share]));
      expect(share).toEqual({ MSSANTE: 0.5, DMP: 1, ACTIVE_DOSSIERS: 0.5, PROJET_PERSONNALISE: 0.5, AGENDA: 0.5 });

      // Served from the aggregates kept on write; they must equal a direct SQL count over the rows.
      const direct = async () =>
        (await db.dataSource.query(
          `SELECT month, count(DISTINCT finess)::int AS measured,
             count(DISTINCT finess) FILTER (WHERE persons_accompanied > 0 AND mssante_messages_sent * 100.0 / persons_accompanied >= 70)::int AS mssante
             FROM usage_measurement GROUP BY month ORDER BY month`,
        )) as { month: string; measured: number; mssante: number }[];
      const served = async (filter?: Record<string, unknown>) =>
        (await dashboard(filter)).usageTargets.months.map((m: any) => ({ month: m.month, measured: m.essmsMeasured, mssante: m.indicators.find((i: any) => i.indicator === 'MSSANTE').essmsReaching }));
      expect(await db.dataSource.query(`SELECT sum(measured)::int AS n FROM national_usage_file_month`)).toEqual([{ n: 2 }]);

      // A1 measured again in N3 (A1 is in both retained files): still one ESSMS, reaching MSSanté through N1.
      await db.dataSource.query(insert.replace("'2024-10'", "'2024-11'"), [ids.get('N1'), A[0], 100, 80, 75, 95, 90, 92]);
      await db.dataSource.query(insert, [ids.get('N3'), A[0], 100, 0, 0, 0, 0, 0]);
      expect(await served()).toEqual(await direct());
      expect((await served())[0]).toEqual({ month: '2024-10', measured: 2, mssante: 1 });
      expect(await served({ projectType: 'ACQUISITION' })).toEqual(await direct());

      // Corrections (UPDATE) and removals (DELETE) keep the aggregates exact.
      await db.dataSource.query(`UPDATE usage_measurement SET mssante_messages_sent = 90 WHERE candidature_id = $1 AND finess = $2`, [ids.get('N1'), A[1]]);
      expect((await served())[0]).toEqual({ month: '2024-10', measured: 2, mssante: 2 });
      await db.dataSource.query(`DELETE FROM usage_measurement WHERE candidature_id = $1`, [ids.get('N1')]);
      expect(await served()).toEqual([{ month: '2024-10', measured: 1, mssante: 0 }]);
      expect(await served()).toEqual(await direct());
    } finally {
      await db.dataSource.query(`DELETE FROM usage_measurement WHERE candidature_id = ANY($1::uuid[])`, [[ids.get('N1'), ids.get('N3')]]);
    }
    expect((await dashboard()).usageTargets).toMatchObject({ available: false, months: [] });
  });
  it('projects at risk: the follow-up projection (same function, same answer), per region and for France, with the filters', async () => {
    const FOLLOW_UP = `query($id: ID!) { candidatureFollowUp(candidatureId: $id) { projection { atRisk reasons } } }`;
    const measure = `INSERT INTO usage_measurement (id, candidature_id, finess, month, period_from, period_to, persons_accompanied, mssante_messages_sent, dmp_fed,
      active_dossiers, active_dossiers_with_pp, active_dossiers_with_agenda, source, recorded_by, recorded_by_role)
      VALUES (gen_random_uuid(), $1, $2, $3, ($3 || '-01')::date, ($3 || '-28')::date, 100, $4, 75, 95, 90, 92, 'FORM', 'test', 'PORTEUR')`;
    const convention = (id: string) =>
      db.dataSource.query(
        `INSERT INTO convention (id, candidature_id, status, total, advance, balance, duration_months, project_start, expected_end, pdf, generated_by, signed_on, signed_by, signed_at)
         VALUES (gen_random_uuid(), $1, 'SIGNED', 20000, 10000, 10000, 30, '2025-01-15', '2027-06-30', '\\x00', 'test', '2025-01-15', 'test', now())`,
        [id],
      );
    // R1 (PACA, in deployment): P1 reaches every target; P2 misses MSSanté (40 → 60 %) but the trend reaches 70 % by June 2027.
    const r1 = randomUUID();
    await db.dataSource.query(
      `INSERT INTO candidature (id, reference, campaign_id, porteur_account_id, organismes, title, state, desk, pivot_region, track, window_code, submitted_at, version, created_at, updated_at)
       VALUES ($1, 'TEST-R1', 'paca-2023', 'porteur-x', $2, 'Projet suivi R1', 'IN_DEPLOYMENT', 'REGIONAL', '93', 'regional', 'W1', '2023-03-02T10:00:00Z', 1, now(), now())`,
      [r1, ['130000009']],
    );
    for (const [rank, f] of [P[0]!, P[1]!].entries()) {
      await db.dataSource.query(`INSERT INTO grappe_member (candidature_id, finess, rank, situation, region_code) VALUES ($1, $2, $3, 'ACQUISITION', '93')`, [r1, f, rank + 1]);
    }
    const n3 = ids.get('N3')!;
    try {
      await convention(n3);
      await convention(r1);
      for (const [month, rate] of [['2025-04', 10], ['2025-05', 10], ['2025-06', 10]] as const) {
        await db.dataSource.query(measure, [n3, A[0], month, rate]); // N3: A1 stays at 10 % for MSSanté; A4 never measured
        await db.dataSource.query(measure, [r1, P[0], month, 80]);
      }
      for (const [month, rate] of [['2025-04', 40], ['2025-05', 50], ['2025-06', 60]] as const) await db.dataSource.query(measure, [r1, P[1], month, rate]);

      const d = await dashboard();
      const risk = d.projectsAtRisk;
      expect(risk).toMatchObject({ available: true, count: 1 });
      expect(risk.definition).toMatch(/^Projet à risque/);
      expect(risk.items.map((i: any) => i.reference)).toEqual(['TEST-N3']);
      const [item] = risk.items;
      expect(item).toMatchObject({ id: n3, regionCode: '28', regionName: 'Normandie', organismes: ['140000001'], candidature: { id: n3, reference: 'TEST-N3' } });
      expect(item.reasons).toEqual([
        `ESSMS ${A[0]} — ${USAGE_INDICATORS.find((i) => i.id === 'MSSANTE')!.label} : 10 % pour une cible de 70 %, 10 % projetés en juin 2027.`,
        `ESSMS ${A[3]} : aucune mesure d’usage transmise.`,
      ]);
      expect(item.reason).toBe(item.reasons.join(' '));

      // The same files through the follow-up (the instructeur portfolio's projection): same verdict, same reasons.
      for (const id of [n3, r1]) {
        const res = await q(FOLLOW_UP, { id });
        expect(res.errors).toBeUndefined();
        const projection = res.data.candidatureFollowUp.projection;
        const listed = risk.items.find((i: any) => i.id === id);
        expect(!!listed).toBe(projection.atRisk);
        if (listed) expect(listed.reasons).toEqual(projection.reasons);
      }
      expect((await q(FOLLOW_UP, { id: r1 })).data.candidatureFollowUp.projection).toEqual({ atRisk: false, reasons: [] });

      // France = sum of the regions; per region the pivot region of the file.
      expect(d.france.projectsAtRisk).toBe(1);
      expect(d.regions.reduce((t: number, r: any) => t + r.projectsAtRisk, 0)).toBe(d.france.projectsAtRisk);
      expect(d.regions.find((r: any) => r.code === '28').projectsAtRisk).toBe(1);
      expect(d.regions.find((r: any) => r.code === '93').projectsAtRisk).toBe(0);

      // Filters: the same scope as every other figure.
      expect((await dashboard({ campaignYear: 2024 })).projectsAtRisk.count).toBe(1);
      expect((await dashboard({ campaignYear: 2023 })).projectsAtRisk.count).toBe(0);
      expect((await dashboard({ projectType: 'UPGRADE' })).projectsAtRisk.count).toBe(0);
      expect((await dashboard({ windowCode: 'W1', field: 'PA' })).projectsAtRisk.count).toBe(1);

      // R1 slips: P2 falls back (60 → 20 %) — now at risk, listed with the follow-up's reason.
      await db.dataSource.query(measure, [r1, P[1], '2025-07', 20]);
      const after = (await dashboard()).projectsAtRisk;
      expect(after.items.map((i: any) => [i.reference, i.regionCode])).toEqual([['TEST-N3', '28'], ['TEST-R1', '93']]);
      const r1Follow = (await q(FOLLOW_UP, { id: r1 })).data.candidatureFollowUp.projection;
      expect(r1Follow.atRisk).toBe(true);
      expect(after.items[1].reasons).toEqual(r1Follow.reasons);
      expect(after.items[1].reasons).toHaveLength(1);
      expect(after.items[1].reasons[0]).toContain(P[1]);

      // A correction (UPDATE) is seen at once: P2's July measure corrected to 80 % — R1 is on track again.
      await db.dataSource.query(`UPDATE usage_measurement SET mssante_messages_sent = 80 WHERE candidature_id = $1 AND finess = $2 AND month = '2025-07'`, [r1, P[1]]);
      expect((await dashboard()).projectsAtRisk.items.map((i: any) => i.reference)).toEqual(['TEST-N3']);
      expect((await q(FOLLOW_UP, { id: r1 })).data.candidatureFollowUp.projection.atRisk).toBe(false);
    } finally {
      await db.dataSource.query(`DELETE FROM usage_measurement WHERE candidature_id = ANY($1::uuid[])`, [[n3, r1]]);
      await db.dataSource.query(`DELETE FROM convention WHERE candidature_id = ANY($1::uuid[])`, [[n3, r1]]);
      await db.dataSource.query(`DELETE FROM grappe_member WHERE candidature_id = $1`, [r1]);
      await db.dataSource.query(`DELETE FROM candidature WHERE id = $1`, [r1]);
    }
  });
});
