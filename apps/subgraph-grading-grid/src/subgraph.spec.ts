/* eslint-disable @typescript-eslint/no-non-null-assertion -- test assertions read responses already checked */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SHIPPED_CALENDARS } from '@esms/domain';
import { startSubgraphServer, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { NORMANDIE_2024_GRID, PACA_2023_GRID } from './reference/shipped-grids';
import { syncShippedGrids } from './reference/sync-grids';
import { definition, entities, migrations } from './subgraph';
import { FILE_NOT_FOUND } from './file-scope';
import { startFakeCandidature, type FakeCandidature } from './testing/fake-candidature';

const GRID_FIELDS = `id regionCode campaignId version status maturityThreshold maxTotal label source publishedAt
  criteria { code label guidance maxPoints position } priorityRules { code label description position }`;
const EVALUATION_FIELDS = 'id candidatureId gridId gridVersion evaluatorId regionCode total status signedAt version comment scores { criterionCode points }';

const GRADE = `mutation ($input: GradeCandidatureInput!) { gradeCandidature(input: $input) { ${EVALUATION_FIELDS} } }`;
const SIGN = `mutation ($id: ID!) { signEvaluation(id: $id) { ${EVALUATION_FIELDS} } }`;
const CANDIDATURES = `query ($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Candidature { id evaluations { ${EVALUATION_FIELDS} } gradingSummary { count signedCount consensus mature threshold } } } }`;

const normandieA = testClaims.instructeur('28', 'instructeur-normandie-a');
const normandieB = testClaims.instructeur('28', 'instructeur-normandie-b');
const paca = testClaims.instructeur('93', 'instructeur-paca');
const cnsa = testClaims.cnsa();

type Score = { criterionCode: string; points: number };
type EvaluationView = { id: string; total: number; status: string; version: number; regionCode: string; evaluatorId: string; scores: Score[]; comment: string | null };
type Summary = { count: number; signedCount: number; consensus: number | null; mature: boolean | null; threshold: number | null };
type GridView = {
  id: string;
  regionCode: string;
  campaignId: string;
  version: number;
  status: string;
  maturityThreshold: number | null;
  maxTotal: number;
  criteria: { code: string; label: string; maxPoints: number; position: number }[];
  priorityRules: { code: string }[];
};

/** Full marks on every Normandie criterion except `minus` points off the first ones. */
function normandieScores(total: number): Score[] {
  let remaining = total;
  return NORMANDIE_2024_GRID.criteria.map((c) => {
    const points = Math.min(c.maxPoints, remaining);
    remaining -= points;
    return { criterionCode: c.code, points };
  });
}

describe('subgraph-grading-grid', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let candidature: FakeCandidature;
  /** A file whose pivot ARS is Normandie (28) / PACA (93), as the candidature subgraph answers it. */
  const normandieFile = (regions = ['28']) => candidature.file({ pivotRegion: '28', regions });
  const pacaFile = () => candidature.file({ pivotRegion: '93' });

  const entitiesOf = async (ids: string[], claims = cnsa) => {
    const res = await querySubgraph<{ _entities: { id: string; evaluations: EvaluationView[]; gradingSummary: Summary }[] }>(
      subgraph.url,
      CANDIDATURES,
      { reps: ids.map((id) => ({ __typename: 'Candidature', id })) },
      claims,
    );
    expect(res.errors).toBeUndefined();
    return res.data!._entities;
  };

  beforeAll(async () => {
    ensureTestSecret();
    candidature = await startFakeCandidature();
    process.env['ESMS_CANDIDATURE_URL'] = candidature.url;
    db = await openTestDatabase({ name: 'grading-grid', entities, migrations });
    await syncShippedGrids(db.dataSource);
    subgraph = await startSubgraphServer({ definition, db: db.dataSource });
  }, 120_000);

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
    await candidature?.close();
  });

  describe('access', () => {
    it('refuses a request without gateway claims (401)', async () => {
      for (const query of ['{ grids(regionCode: "28") { id } }', '{ _entities(representations: [{ __typename: "Candidature", id: "x" }]) { ... on Candidature { id } } }']) {
        const res = await querySubgraph(subgraph.url, query, {}, null);
        expect(res.status).toBe(401);
        expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
    });

    it('answers UNAUTHENTICATED to public callers and FORBIDDEN to porteurs', async () => {
      const anonymous = await querySubgraph(subgraph.url, '{ grids(regionCode: "28") { id } }', {}, testClaims.public());
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const porteur = await querySubgraph(subgraph.url, '{ grids(regionCode: "28") { id } }', {}, testClaims.porteur(['140000000']));
      expect(porteur.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it("hides a region's grids from the instructeurs of another region (empty list, null grid)", async () => {
      const list = await querySubgraph<{ grids: unknown[] }>(subgraph.url, '{ grids(regionCode: "28") { id } }', {}, paca);
      expect(list.data?.grids).toEqual([]);
      const one = await querySubgraph<{ grid: unknown }>(subgraph.url, 'query ($id: ID!) { grid(id: $id) { id } }', { id: NORMANDIE_2024_GRID.id }, paca);
      expect(one.errors).toBeUndefined();
      expect(one.data?.grid).toBeNull();
      const viaEntities = await querySubgraph<{ _entities: unknown[] }>(
        subgraph.url,
        'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Grid { id } } }',
        { reps: [{ __typename: 'Grid', id: NORMANDIE_2024_GRID.id }] },
        paca,
      );
      expect(viaEntities.data?._entities).toEqual([null]);
    });
  });

  describe('shipped grids (reference data)', () => {
    it('uses the campaign ids of SHIPPED_CALENDARS', () => {
      const ids = SHIPPED_CALENDARS.map((c) => c.id);
      expect(ids).toContain(NORMANDIE_2024_GRID.campaignId);
      expect(ids).toContain(PACA_2023_GRID.campaignId);
    });

    it('003 §6 — ARS Normandie 2024: published, maturity threshold 11 out of 20, the regional priority list', async () => {
      const res = await querySubgraph<{ grids: GridView[] }>(subgraph.url, `{ grids(regionCode: "28", campaignId: "normandie-2024") { ${GRID_FIELDS} } }`, {}, normandieA);
      expect(res.errors).toBeUndefined();
      const [grid] = res.data!.grids;
      expect(grid).toMatchObject({ id: NORMANDIE_2024_GRID.id, regionCode: '28', campaignId: 'normandie-2024', version: 1, status: 'PUBLISHED', maturityThreshold: 11, maxTotal: 20 });
      expect(grid.criteria.map((c) => c.code)).toEqual(['PRESENTATION', 'GOUVERNANCE', 'MUTUALISATION', 'DEPLOIEMENT', 'CONDUITE_CHANGEMENT', 'FINANCEMENT', 'SECURITE_SI']);
      expect(grid.criteria.map((c) => c.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(grid.priorityRules.map((r) => r.code)).toEqual([
        'P1_MATURES',
        'P2_ACQUISITION_GRAPPES',
        'P4_PDS_PDE',
        'P5_SAAD',
        'P6_100_NORMANDS_W1',
        'P7_OG_PUBLICS',
        'P8_MISE_EN_CONFORMITE_SONS',
        'P9_AHI_PJM',
      ]);
    });

    it('001 — ARS PACA 2023: the five elements (answers, governance, Ségur stakes, commitment, financing plan)', async () => {
      const res = await querySubgraph<{ grid: GridView }>(subgraph.url, `query ($id: ID!) { grid(id: $id) { ${GRID_FIELDS} } }`, { id: PACA_2023_GRID.id }, cnsa);
      expect(res.data?.grid).toMatchObject({ regionCode: '93', campaignId: 'paca-2023', status: 'PUBLISHED', maturityThreshold: null, maxTotal: 20 });
      expect(res.data!.grid.criteria.map((c) => c.label)).toEqual([
        'Qualité des éléments de réponse du porteur',
        'Modalités de gestion et de gouvernance du projet',
        'Compréhension des enjeux du Ségur numérique',
        'Niveau d’engagement des structures',
        'Plan de financement',
      ]);
    });

    it('syncs idempotently (a second start inserts nothing)', async () => {
      const before = (await db.dataSource.query('SELECT count(*)::int AS n FROM grid_criterion'))[0].n;
      expect((await syncShippedGrids(db.dataSource)).inserted).toEqual([]);
      expect((await db.dataSource.query('SELECT count(*)::int AS n FROM grid_criterion'))[0].n).toBe(before);
    });
  });

  describe('grading', () => {
    it('rejects points out of range or unknown criteria (BAD_USER_INPUT) and writes nothing', async () => {
      const candidatureId = normandieFile();
      const tooHigh = await querySubgraph(subgraph.url, GRADE, { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: [{ criterionCode: 'GOUVERNANCE', points: 4 }] } }, normandieA);
      expect(tooHigh.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(tooHigh.errors?.[0]?.message).toContain('entre 0 et 3');
      const negative = await querySubgraph(subgraph.url, GRADE, { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: [{ criterionCode: 'GOUVERNANCE', points: -1 }] } }, normandieA);
      expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const unknown = await querySubgraph(subgraph.url, GRADE, { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: [{ criterionCode: 'NOPE', points: 1 }] } }, normandieA);
      expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const rows = await db.dataSource.query('SELECT count(*)::int AS n FROM evaluation WHERE candidature_id = $1', [candidatureId]);
      expect(rows[0].n).toBe(0);
    });

    it("refuses another ARS's grid (NOT_FOUND) and grading by non-instructeurs (FORBIDDEN)", async () => {
      const input = { candidatureId: pacaFile(), gridId: NORMANDIE_2024_GRID.id, scores: [{ criterionCode: 'GOUVERNANCE', points: 1 }] };
      expect((await querySubgraph(subgraph.url, GRADE, { input }, paca)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect((await querySubgraph(subgraph.url, GRADE, { input }, cnsa)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await querySubgraph(subgraph.url, GRADE, { input }, testClaims.public())).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('updates the own draft, needs every criterion before signing, then a signed evaluation never changes (CONFLICT)', async () => {
      const candidatureId = normandieFile();
      const first = await querySubgraph<{ gradeCandidature: EvaluationView }>(
        subgraph.url,
        GRADE,
        { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: [{ criterionCode: 'GOUVERNANCE', points: 2 }], comment: 'Gouvernance claire.' } },
        normandieA,
      );
      expect(first.errors).toBeUndefined();
      const draft = first.data!.gradeCandidature;
      expect(draft).toMatchObject({ status: 'DRAFT', total: 2, version: 1, regionCode: '28', evaluatorId: normandieA.sub });

      const notComplete = await querySubgraph(subgraph.url, SIGN, { id: draft.id }, normandieA);
      expect(notComplete.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

      const second = await querySubgraph<{ gradeCandidature: EvaluationView }>(subgraph.url, GRADE, { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: normandieScores(13) } }, normandieA);
      expect(second.data?.gradeCandidature).toMatchObject({ id: draft.id, total: 13, version: 2, comment: 'Gouvernance claire.' });

      const stale = await querySubgraph(subgraph.url, GRADE, { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: [], comment: 'x', expectedVersion: 1 } }, normandieA);
      expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');

      const colleague = await querySubgraph(subgraph.url, SIGN, { id: draft.id }, normandieB);
      expect(colleague.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      const signed = await querySubgraph<{ signEvaluation: EvaluationView & { signedAt: string } }>(subgraph.url, SIGN, { id: draft.id }, normandieA);
      expect(signed.errors).toBeUndefined();
      expect(signed.data?.signEvaluation).toMatchObject({ status: 'SIGNED', total: 13, version: 3 });
      expect(signed.data?.signEvaluation.signedAt).toEqual(expect.any(String));

      const regrade = await querySubgraph(subgraph.url, GRADE, { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: [{ criterionCode: 'GOUVERNANCE', points: 0 }] } }, normandieA);
      expect(regrade.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const resign = await querySubgraph(subgraph.url, SIGN, { id: draft.id }, normandieA);
      expect(resign.errors?.[0]?.extensions?.code).toBe('CONFLICT');

      const [after] = await entitiesOf([candidatureId]);
      expect(after.evaluations).toHaveLength(1);
      expect(after.evaluations[0]).toMatchObject({ total: 13, status: 'SIGNED', version: 3 });

      const events = await db.dataSource.query('SELECT action, from_status, to_status, actor_id FROM evaluation_event WHERE evaluation_id = $1 ORDER BY at, action', [draft.id]);
      expect(events.map((e: { action: string }) => e.action).sort()).toEqual(['CREATED', 'GRADED', 'SIGNED']);
      expect(events.every((e: { actor_id: string }) => e.actor_id === normandieA.sub)).toBe(true);
    });

    it('two instructeurs grade the same file: both grades, consensus = median of signed totals, maturity ≥ 11', async () => {
      const candidatureId = normandieFile();
      const a = await querySubgraph<{ gradeCandidature: EvaluationView }>(subgraph.url, GRADE, { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: normandieScores(10) } }, normandieA);
      const b = await querySubgraph<{ gradeCandidature: EvaluationView }>(subgraph.url, GRADE, { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: normandieScores(13) } }, normandieB);
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();

      let [file] = await entitiesOf([candidatureId], normandieA);
      expect(file.evaluations.map((e) => e.total)).toEqual([10, 13]);
      expect(file.gradingSummary).toEqual({ count: 2, signedCount: 0, consensus: null, mature: null, threshold: 11 });

      await querySubgraph(subgraph.url, SIGN, { id: a.data!.gradeCandidature.id }, normandieA);
      [file] = await entitiesOf([candidatureId], normandieA);
      expect(file.gradingSummary).toEqual({ count: 2, signedCount: 1, consensus: 10, mature: false, threshold: 11 });

      await querySubgraph(subgraph.url, SIGN, { id: b.data!.gradeCandidature.id }, normandieB);
      [file] = await entitiesOf([candidatureId], cnsa);
      expect(file.gradingSummary).toEqual({ count: 2, signedCount: 2, consensus: 11.5, mature: true, threshold: 11 });
    });

    it("an instructeur of 93 cannot see 28's evaluations (empty list), nor one by id", async () => {
      const candidatureId = normandieFile();
      const graded = await querySubgraph<{ gradeCandidature: EvaluationView }>(subgraph.url, GRADE, { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: normandieScores(12) } }, normandieA);
      const [seenByPaca] = await entitiesOf([candidatureId], paca);
      expect(seenByPaca.evaluations).toEqual([]);
      expect(seenByPaca.gradingSummary.count).toBe(0);
      const [seenByPorteur] = await entitiesOf([candidatureId], testClaims.porteur(['140000000']));
      expect(seenByPorteur.evaluations).toEqual([]);
      const [seenByNormandie] = await entitiesOf([candidatureId], normandieB);
      expect(seenByNormandie.evaluations).toHaveLength(1);

      const byId = await querySubgraph<{ evaluation: unknown }>(subgraph.url, 'query ($id: ID!) { evaluation(id: $id) { id } }', { id: graded.data!.gradeCandidature.id }, paca);
      expect(byId.data?.evaluation).toBeNull();
      const sign = await querySubgraph(subgraph.url, SIGN, { id: graded.data!.gradeCandidature.id }, paca);
      expect(sign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('only the pivot ARS grades: PACA gets the answer of a missing file for a Normandie file, multiregional with PACA ESSMS included; nothing written', async () => {
      const pacaScores = PACA_2023_GRID.criteria.map((c) => ({ criterionCode: c.code, points: c.maxPoints }));
      const grade = (candidatureId: string) => querySubgraph(subgraph.url, GRADE, { input: { candidatureId, gridId: PACA_2023_GRID.id, scores: pacaScores, comment: 'Très bon dossier.' } }, paca);
      const missing = await grade(randomUUID());
      expect(missing.errors?.[0]).toMatchObject({ message: FILE_NOT_FOUND, extensions: { code: 'NOT_FOUND' } });
      const normandieOnly = normandieFile();
      const multiregional = normandieFile(['28', '93']); // PACA reads it (its ESSMS), the Normandie ARS instructs it
      for (const candidatureId of [normandieOnly, multiregional]) {
        const refused = await grade(candidatureId);
        expect({ errors: refused.errors, data: refused.data }).toEqual({ errors: missing.errors, data: missing.data });
      }
      expect(await db.dataSource.query('SELECT count(*)::int AS n FROM evaluation WHERE candidature_id = ANY($1::text[])', [[normandieOnly, multiregional]])).toEqual([{ n: 0 }]);
      // The pivot ARS grades the same multiregional file (the refusal above is not vacuous).
      const own = await querySubgraph(subgraph.url, GRADE, { input: { candidatureId: multiregional, gridId: NORMANDIE_2024_GRID.id, scores: normandieScores(12) } }, normandieA);
      expect(own.errors).toBeUndefined();
    });

    it('only the pivot ARS signs: an evaluation of another region on a Normandie file answers like a missing one and stays a draft', async () => {
      const multiregional = normandieFile(['28', '93']);
      // A PACA draft on a Normandie file (written before this check existed, or before the file's pivot was known).
      const id = randomUUID();
      await db.dataSource.query(
        `INSERT INTO evaluation (id, candidature_id, grid_id, grid_version, evaluator_id, region_code, scores, comment, total, status, version)
         VALUES ($1, $2, $3, 1, $4, '93', $5::jsonb, NULL, 20, 'DRAFT', 1)`,
        [id, multiregional, PACA_2023_GRID.id, paca.sub, JSON.stringify(Object.fromEntries(PACA_2023_GRID.criteria.map((c) => [c.code, c.maxPoints])))],
      );
      const refused = await querySubgraph(subgraph.url, SIGN, { id }, paca);
      const missing = await querySubgraph(subgraph.url, SIGN, { id: randomUUID() }, paca);
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect({ errors: refused.errors, data: refused.data }).toEqual({ errors: missing.errors, data: missing.data });
      expect(await db.dataSource.query('SELECT status, signed_at FROM evaluation WHERE id = $1', [id])).toEqual([{ status: 'DRAFT', signed_at: null }]);
      // The same draft on a PACA file signs (the refusal above comes from the file's region).
      candidature.files.set(multiregional, { ...candidature.files.get(multiregional)!, pivotRegion: '93' });
      const signed = await querySubgraph<{ signEvaluation: EvaluationView }>(subgraph.url, SIGN, { id }, paca);
      expect(signed.data?.signEvaluation.status).toBe('SIGNED');
    });

    it('fails closed when the candidature subgraph does not answer: no grade is written', async () => {
      const candidatureId = normandieFile();
      const url = process.env['ESMS_CANDIDATURE_URL'];
      process.env['ESMS_CANDIDATURE_URL'] = 'http://127.0.0.1:9'; // nothing listens there
      try {
        const res = await querySubgraph(subgraph.url, GRADE, { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: normandieScores(12) } }, normandieA);
        expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      } finally {
        process.env['ESMS_CANDIDATURE_URL'] = url;
      }
      expect(await db.dataSource.query('SELECT count(*)::int AS n FROM evaluation WHERE candidature_id = $1', [candidatureId])).toEqual([{ n: 0 }]);
    });

    it('_entities for 3 candidatures reads the evaluations in ONE SQL query', async () => {
      const ids = [normandieFile(), normandieFile(), normandieFile()];
      for (const candidatureId of ids) {
        await querySubgraph(subgraph.url, GRADE, { input: { candidatureId, gridId: NORMANDIE_2024_GRID.id, scores: normandieScores(11) } }, normandieA);
      }
      const spy = jest.spyOn(db.dataSource, 'query');
      try {
        const files = await entitiesOf(ids, normandieA);
        expect(files.map((f) => f.id)).toEqual(ids);
        expect(files.map((f) => f.evaluations.length)).toEqual([1, 1, 1]);
        const evaluationQueries = spy.mock.calls.filter(([sql]) => /\bfrom evaluation\b/i.test(String(sql)));
        expect(evaluationQueries).toHaveLength(1);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('grid versions', () => {
    it('a published grid is immutable (CONFLICT)', async () => {
      const update = await querySubgraph(
        subgraph.url,
        'mutation ($input: UpdateGridCriterionInput!) { updateGridCriterion(input: $input) { id } }',
        { input: { gridId: NORMANDIE_2024_GRID.id, code: 'GOUVERNANCE', maxPoints: 5 } },
        normandieA,
      );
      expect(update.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const publish = await querySubgraph(subgraph.url, 'mutation ($id: ID!) { publishGrid(gridId: $id) { id } }', { id: NORMANDIE_2024_GRID.id }, normandieA);
      expect(publish.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const criteria = await db.dataSource.query(`SELECT max_points FROM grid_criterion WHERE grid_id = $1 AND code = 'GOUVERNANCE'`, [NORMANDIE_2024_GRID.id]);
      expect(criteria[0].max_points).toBe(3);
    });

    it('a new version copies the grid as a DRAFT (version + 1), is edited, published, and archives the previous one', async () => {
      const created = await querySubgraph<{ createGridVersion: GridView }>(subgraph.url, `mutation ($id: ID!) { createGridVersion(gridId: $id) { ${GRID_FIELDS} } }`, { id: PACA_2023_GRID.id }, paca);
      expect(created.errors).toBeUndefined();
      const v2 = created.data!.createGridVersion;
      expect(v2).toMatchObject({ regionCode: '93', campaignId: 'paca-2023', version: 2, status: 'DRAFT' });
      expect(v2.criteria.map((c) => c.code)).toEqual(PACA_2023_GRID.criteria.map((c) => c.code));

      const twice = await querySubgraph(subgraph.url, 'mutation ($id: ID!) { createGridVersion(gridId: $id) { id } }', { id: PACA_2023_GRID.id }, paca);
      expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const otherRegion = await querySubgraph(subgraph.url, 'mutation ($id: ID!) { createGridVersion(gridId: $id) { id } }', { id: PACA_2023_GRID.id }, normandieA);
      expect(otherRegion.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

      const draftGrade = await querySubgraph(subgraph.url, GRADE, { input: { candidatureId: pacaFile(), gridId: v2.id, scores: [{ criterionCode: 'GOUVERNANCE', points: 1 }] } }, paca);
      expect(draftGrade.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

      const edited = await querySubgraph<{ updateGridCriterion: GridView }>(
        subgraph.url,
        `mutation ($input: UpdateGridCriterionInput!) { updateGridCriterion(input: $input) { ${GRID_FIELDS} } }`,
        { input: { gridId: v2.id, code: 'PLAN_FINANCEMENT', maxPoints: 6, guidance: 'Coûts projet et RH détaillés.' } },
        paca,
      );
      expect(edited.errors).toBeUndefined();
      expect(edited.data?.updateGridCriterion.maxTotal).toBe(22);
      const threshold = await querySubgraph<{ updateGrid: GridView }>(
        subgraph.url,
        'mutation ($input: UpdateGridInput!) { updateGrid(input: $input) { maturityThreshold } }',
        { input: { gridId: v2.id, maturityThreshold: 12 } },
        paca,
      );
      expect(threshold.data?.updateGrid.maturityThreshold).toBe(12);

      const published = await querySubgraph<{ publishGrid: GridView }>(subgraph.url, 'mutation ($id: ID!) { publishGrid(gridId: $id) { id status version } }', { id: v2.id }, paca);
      expect(published.data?.publishGrid).toMatchObject({ status: 'PUBLISHED', version: 2 });
      const all = await querySubgraph<{ grids: GridView[] }>(subgraph.url, '{ grids(regionCode: "93", campaignId: "paca-2023") { id version status } }', {}, paca);
      expect(all.data?.grids.map((g) => [g.version, g.status])).toEqual([
        [2, 'PUBLISHED'],
        [1, 'ARCHIVED'],
      ]);

      const archivedGrade = await querySubgraph(subgraph.url, GRADE, { input: { candidatureId: pacaFile(), gridId: PACA_2023_GRID.id, scores: [{ criterionCode: 'GOUVERNANCE', points: 1 }] } }, paca);
      expect(archivedGrade.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

      const v3 = await querySubgraph<{ createGridVersion: GridView }>(subgraph.url, 'mutation ($id: ID!) { createGridVersion(gridId: $id) { version status maturityThreshold } }', { id: v2.id }, cnsa);
      expect(v3.data?.createGridVersion).toEqual({ version: 3, status: 'DRAFT', maturityThreshold: 12 });

      const history = await db.dataSource.query('SELECT action FROM grid_event WHERE grid_id = $1 ORDER BY at', [v2.id]);
      expect(history.map((h: { action: string }) => h.action)).toEqual(['VERSION_CREATED', 'CRITERION_UPDATED', 'GRID_UPDATED', 'PUBLISHED']);
    });
  });

  describe('federation', () => {
    it('composes with the candidature subgraph that owns Candidature', () => {
      const candidatureSdl = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Candidature @key(fields: "id") { id: ID! title: String! }
        type Query { candidature(id: ID!): Candidature }`;
      const result = composeServices([
        { name: 'candidature', typeDefs: parse(candidatureSdl), url: 'http://candidature' },
        { name: 'grading-grid', typeDefs: parse(subgraph.sdl), url: 'http://grading' },
      ]);
      expect(result.errors ?? []).toEqual([]);
      expect(result.supergraphSdl).toMatch(/evaluations: \[Evaluation!\]! @join__field\(graph: GRADING_GRID\)/);
      expect(subgraph.sdl).toMatch(/type Candidature @key\(fields: "id"\)/);
    });
  });
});
