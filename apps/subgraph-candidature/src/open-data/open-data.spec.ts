import { randomUUID } from 'node:crypto';
import { startSubgraphServer, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { definition, entities, migrations } from '../subgraph';
import { finess } from '../testing/fixtures';
import { cell, protectPartition } from './suppression';

/* eslint-disable @typescript-eslint/no-explicit-any */

const OPEN_DATA = `{ openData { generatedAt minimumGroupSize licence producer notes
  national { code name files { value suppressed } filesGranted { value suppressed } amountRequested { value suppressed } amountGranted { value suppressed }
    essmsCovered { value suppressed } byState { key label files { value suppressed } amountRequested { value suppressed } } }
  regions { code name files { value suppressed } filesGranted { value suppressed } amountRequested { value suppressed } amountGranted { value suppressed }
    essmsCovered { value suppressed } byState { key label files { value suppressed } amountRequested { value suppressed } } }
  byField { field label files { value suppressed } essmsCovered { value suppressed } }
  byProjectType { key label files { value suppressed } amountRequested { value suppressed } } } }`;

/** Every string anywhere in a JSON value. */
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

describe('open data (public anonymised aggregates)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  const members: string[] = [];

  beforeAll(async () => {
    ensureTestSecret();
    delete process.env['ESMS_ANNUAIRE_URL'];
    db = await openTestDatabase({ name: 'candidature_open_data', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    // PACA: 6 files (5 submitted, 1 retained); Normandie: 2 files (both retained).
    const seeds = [
      ...[1, 2, 3, 4, 5].map((i) => ({ campaign: 'paca-2023', region: '93', state: 'SUBMITTED', dep: '13', i })),
      { campaign: 'paca-2023', region: '93', state: 'RETAINED', dep: '13', i: 6 },
      { campaign: 'normandie-2024', region: '28', state: 'RETAINED', dep: '14', i: 7 },
      { campaign: 'normandie-2024', region: '28', state: 'RETAINED', dep: '14', i: 8 },
    ];
    for (const s of seeds) {
      const id = randomUUID();
      await db.dataSource.query(
        `INSERT INTO candidature (id, reference, campaign_id, porteur_account_id, organismes, title, state, desk, pivot_region, track, window_code, submitted_at, version)
         VALUES ($1, $2, $3, 'porteur@exemple.fr', $4, $5, $6, 'REGIONAL', $7, 'regional', 'W1', '2024-03-01T10:00:00Z', 1)`,
        [id, `REF-SECRET-${s.i}`, s.campaign, ['130000017'], `EHPAD Les Tilleuls de M. Dupont ${s.i}`, s.state, s.region],
      );
      const f = finess(s.dep, 500 + s.i);
      members.push(f);
      await db.dataSource.query(`INSERT INTO grappe_member (candidature_id, finess, rank, situation, region_code, finess_ej) VALUES ($1, $2, 1, 'ACQUISITION', $3, '130000017')`, [
        id,
        f,
        s.region,
      ]);
    }
    subgraph = await startSubgraphServer({ definition, db: db.dataSource });
  }, 60_000);

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it('answers without login (PUBLIC claims) with national and regional aggregates', async () => {
    const res = await querySubgraph<{ openData: any }>(subgraph.url, OPEN_DATA, {}, testClaims.public());
    expect(res.errors).toBeUndefined();
    const o = res.data!.openData;
    expect(o.minimumGroupSize).toBe(5);
    expect(o.licence).toContain('Licence Ouverte');
    expect(o.national.files).toEqual({ value: 8, suppressed: false });
    expect(o.regions).toHaveLength(18);
    expect(o.regions.find((r: any) => r.code === '04').files).toEqual({ value: 0, suppressed: false });
  });

  it('never returns a FINESS, a name, a title, a reference or an e-mail', async () => {
    const res = await querySubgraph<{ openData: any }>(subgraph.url, OPEN_DATA, {}, testClaims.public());
    const text = strings(res.data).join('\n');
    expect(text).not.toMatch(/\b\d{2}[0-9AB]\d{6}\b/); // FINESS-shaped
    for (const secret of [...members, '130000017', 'Dupont', 'Tilleuls', 'REF-SECRET', '@', 'porteur']) expect(text).not.toContain(secret);
  });

  it('masks every value built from fewer than 5 files, and a neighbour that would reveal it by difference', async () => {
    const o = (await querySubgraph<{ openData: any }>(subgraph.url, OPEN_DATA, {}, testClaims.public())).data!.openData;
    const paca = o.regions.find((r: any) => r.code === '93');
    const nor = o.regions.find((r: any) => r.code === '28');
    // Normandie: 2 files → masked; PACA (6 files) is then masked too, or France − PACA would give Normandie.
    expect(nor.files).toEqual({ value: null, suppressed: true });
    expect(nor.amountRequested).toEqual({ value: null, suppressed: true });
    expect(paca.files).toEqual({ value: null, suppressed: true });
    // PACA by state: 5 submitted (published alone) but 1 retained is masked, so the 5 is masked as well.
    const byState = Object.fromEntries(paca.byState.map((s: any) => [s.key, s.files]));
    expect(byState['RETAINED']).toEqual({ value: null, suppressed: true });
    expect(byState['SUBMITTED']).toEqual({ value: null, suppressed: true });
    // France: 5 submitted and 3 retained: the retained cell is masked, and its only neighbour too.
    const fr = Object.fromEntries(o.national.byState.map((s: any) => [s.key, s.files]));
    expect(fr['RETAINED'].suppressed).toBe(true);
    expect(fr['SUBMITTED'].suppressed).toBe(true);
    expect(o.national.filesGranted).toEqual({ value: null, suppressed: true });
    // Project type: 8 acquisitions, published.
    expect(o.byProjectType).toEqual([expect.objectContaining({ key: 'ACQUISITION', files: { value: 8, suppressed: false } })]);
    for (const c of [nor.amountGranted, nor.essmsCovered]) expect(c.value).toBeNull();
  });

  it('suppression rules (unit)', () => {
    expect(cell(0, 0)).toEqual({ value: 0, suppressed: false });
    expect(cell(4, 4)).toEqual({ value: null, suppressed: true });
    expect(cell(120_000, 5)).toEqual({ value: 120_000, suppressed: false });
    const parts = [{ b: 3, c: cell(3, 3) }, { b: 9, c: cell(9, 9) }, { b: 7, c: cell(7, 7) }, { b: 0, c: cell(0, 0) }];
    protectPartition(parts, (p) => p.b, (p) => [p.c]);
    expect(parts.map((p) => p.c.suppressed)).toEqual([true, false, true, false]);
  });
});
