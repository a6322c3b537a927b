import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, loaderFor, notFound, type Claims, type SubgraphContext } from '@esms/server-kit';
import { actorOf, isUniqueViolation, seesRegion } from '../access';
import { GridCriterionRow, GridRow } from '../grids/grid.entity';
import { isUuid, loadGrid } from '../grids/grid.service';
import { describeScoreProblem, gradingSummary, missingCriteria, scoreProblems, totalOf, type GradingSummaryValue } from '@esms/domain';
import { assertNotDecided, porteurDecidedFiles } from '../committees/committee.service';
import { FILE_NOT_FOUND, fileOfRegion } from '../file-scope';
import { EvaluationEventRow, EvaluationRow, type EvaluationStatus } from './evaluation.entity';
import type { GradeCandidatureInput } from './evaluation.types';

const EVALUATION_NOT_FOUND = "Cette évaluation n'existe pas ou vous n'y avez pas accès : vérifiez son identifiant.";
const GRID_NOT_FOUND = "Cette grille n'existe pas ou vous n'y avez pas accès : notez avec une grille publiée de votre ARS.";

const COLUMNS = `id, candidature_id AS "candidatureId", grid_id AS "gridId", grid_version AS "gridVersion", evaluator_id AS "evaluatorId",
  region_code AS "regionCode", scores, comment, total, status, signed_at AS "signedAt", version, created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * Evaluations of N candidatures the caller may see, in ONE SQL query per request batch
 * (Candidature.evaluations, gradingSummary and `_entities` all go through it).
 */
export const loadCandidatureEvaluations = (ctx: SubgraphContext) =>
  loaderFor<string, EvaluationRow[]>(ctx, 'candidatureEvaluations', async (candidatureIds) => {
    const { claims } = ctx;
    if (claims.role !== 'CNSA' && !(claims.role === 'INSTRUCTEUR' && claims.regionCode)) return candidatureIds.map(() => []);
    const params: unknown[] = [[...candidatureIds]];
    let sql = `SELECT ${COLUMNS} FROM evaluation WHERE candidature_id = ANY($1::text[])`;
    if (claims.role === 'INSTRUCTEUR') {
      params.push(claims.regionCode);
      sql += ' AND region_code = $2';
    }
    sql += ' ORDER BY created_at, id';
    const rows = (await ctx.db.query(sql, params)) as EvaluationRow[];
    const groups = new Map<string, EvaluationRow[]>(candidatureIds.map((id) => [id, []]));
    for (const row of rows) groups.get(row.candidatureId)?.push(row);
    return candidatureIds.map((id) => groups.get(id) ?? []);
  });

export async function evaluationsOf(ctx: SubgraphContext, candidatureId: string): Promise<EvaluationRow[]> {
  return (await loadCandidatureEvaluations(ctx).load(candidatureId)) ?? [];
}

/** Signed totals (with the grid threshold) of files decided by a committee, for their porteur: one query per batch. */
const loadPorteurConsensus = (ctx: SubgraphContext) =>
  loaderFor<string, { total: number; threshold: number | null }[]>(ctx, 'porteurConsensus', async (candidatureIds) => {
    const decided = await porteurDecidedFiles(ctx, candidatureIds);
    if (decided.size === 0) return candidatureIds.map(() => null);
    const rows = (await ctx.db.query(
      `SELECT e.candidature_id AS "candidatureId", e.region_code AS "regionCode", e.total, g.maturity_threshold AS threshold
       FROM evaluation e JOIN grid g ON g.id = e.grid_id WHERE e.candidature_id = ANY($1::text[]) AND e.status = 'SIGNED'`,
      [[...decided.keys()]],
    )) as { candidatureId: string; regionCode: string; total: number; threshold: number | null }[];
    return candidatureIds.map((id) =>
      decided.has(id) ? rows.filter((r) => r.candidatureId === id && r.regionCode === decided.get(id)).map((r) => ({ total: Number(r.total), threshold: r.threshold })) : null,
    );
  });

/**
 * Platform decision: a PORTEUR never sees individual grades; the grading summary of its file stays empty until a
 * committee decision is recorded on it, then shows only the consensus (median of the signed grades of the
 * deciding ARS) and the maturity — counts are not disclosed (0).
 */
async function porteurSummary(ctx: SubgraphContext, candidatureId: string): Promise<GradingSummaryValue> {
  const signed = await loadPorteurConsensus(ctx).load(candidatureId);
  if (!signed) return { count: 0, signedCount: 0, consensus: null, mature: null, threshold: null };
  const summary = gradingSummary({ evaluations: signed.map((s) => ({ total: s.total, signed: true, threshold: s.threshold })) });
  return { count: 0, signedCount: 0, consensus: summary.consensus, mature: summary.mature, threshold: summary.threshold };
}

export async function summaryOf(ctx: SubgraphContext, candidatureId: string): Promise<GradingSummaryValue> {
  if (ctx.claims.role === 'PORTEUR') return porteurSummary(ctx, candidatureId);
  const evaluations = await evaluationsOf(ctx, candidatureId);
  const grids = await Promise.all(evaluations.map((e) => loadGrid(ctx).load(e.gridId)));
  return gradingSummary({
    evaluations: evaluations.map((e, i) => ({ total: e.total, signed: e.status === 'SIGNED', threshold: grids[i]?.maturityThreshold ?? null })),
  });
}

export async function visibleEvaluation(ctx: SubgraphContext, id: string): Promise<EvaluationRow | null> {
  if (!isUuid(id)) return null;
  const row = await ctx.db.getRepository(EvaluationRow).findOneBy({ id });
  return row && seesRegion(ctx.claims, row.regionCode) ? row : null;
}

async function recordEvent(m: EntityManager, evaluation: Pick<EvaluationRow, 'id' | 'candidatureId'>, claims: Claims, action: string, from: EvaluationStatus | null, to: EvaluationStatus, details: Record<string, unknown>) {
  await m.getRepository(EvaluationEventRow).insert({
    id: randomUUID(),
    evaluationId: evaluation.id,
    candidatureId: evaluation.candidatureId,
    action,
    actorId: actorOf(claims),
    fromStatus: from,
    toStatus: to,
    details,
  });
}

function graderOf(ctx: SubgraphContext): { sub: string; regionCode: string } {
  const { claims } = ctx;
  if (claims.role !== 'INSTRUCTEUR') throw forbidden('Seuls les instructeurs des ARS notent les candidatures.');
  if (!claims.sub || !claims.regionCode) throw forbidden("Votre compte d'instructeur n'est rattaché à aucune ARS : contactez l'administrateur.");
  return { sub: claims.sub, regionCode: claims.regionCode };
}

/**
 * Creates or updates the caller's own DRAFT evaluation of a candidature. Scores are validated against
 * the grid (unknown criterion or points outside 0..max → BAD_USER_INPUT, nothing written) and merged
 * into the draft when it uses the same grid. A signed evaluation never changes (CONFLICT).
 */
export async function gradeCandidature(ctx: SubgraphContext, input: GradeCandidatureInput): Promise<EvaluationRow> {
  const grader = graderOf(ctx);
  const requestedId = input.candidatureId.trim();
  if (requestedId.length === 0 || requestedId.length > 100) throw badInput("L'identifiant de la candidature est invalide.");
  const comment = input.comment === undefined ? undefined : input.comment === null ? null : input.comment.trim() || null;
  if (comment && comment.length > 5000) throw badInput('Le commentaire ne doit pas dépasser 5 000 caractères.');
  if (input.scores.length === 0 && comment === undefined) throw badInput('Donnez au moins une note ou un commentaire.');
  // Only the pivot ARS grades: another region (even one with ESSMS in a multiregional grappe) gets the missing file's answer.
  const candidatureId = await fileOfRegion(requestedId, grader.regionCode);
  if (!candidatureId) throw notFound(FILE_NOT_FOUND);

  try {
    return await ctx.db.transaction(async (m) => {
      await assertNotDecided(m, candidatureId);
      const grid = isUuid(input.gridId) ? await m.getRepository(GridRow).findOneBy({ id: input.gridId }) : null;
      if (!grid || grid.regionCode !== grader.regionCode) throw notFound(GRID_NOT_FOUND);
      if (grid.status !== 'PUBLISHED') throw badInput(`La grille version ${grid.version} n'est pas la version publiée : notez avec la grille publiée de la campagne.`);
      const criteria = await m.getRepository(GridCriterionRow).findBy({ gridId: grid.id });
      const problems = scoreProblems(criteria, input.scores);
      if (problems.length > 0) throw badInput(problems.map(describeScoreProblem).join(' '), { problems });
      const given = Object.fromEntries(input.scores.map((s) => [s.criterionCode, s.points]));

      const existing = await m.getRepository(EvaluationRow).findOne({ where: { candidatureId, evaluatorId: grader.sub }, lock: { mode: 'pessimistic_write' } });
      if (existing?.status === 'SIGNED') throw conflict('Votre évaluation de cette candidature est signée : elle est définitive et ne peut plus être modifiée.');
      if (existing && input.expectedVersion != null && existing.version !== input.expectedVersion) {
        throw conflict("Votre évaluation a été modifiée entre-temps (dans un autre onglet ?) : rechargez-la avant d'enregistrer.");
      }

      if (existing) {
        const scores = existing.gridId === grid.id ? { ...existing.scores, ...given } : given;
        const changes = { gridId: grid.id, gridVersion: grid.version, scores, total: totalOf(scores), ...(comment !== undefined ? { comment } : {}) };
        const result = await m
          .createQueryBuilder()
          .update(EvaluationRow)
          .set({ ...changes, version: () => 'version + 1' })
          .where('id = :id AND version = :version AND status = :status', { id: existing.id, version: existing.version, status: 'DRAFT' })
          .execute();
        if (result.affected !== 1) throw conflict("Votre évaluation a été modifiée entre-temps : rechargez-la avant d'enregistrer.");
        await recordEvent(m, existing, ctx.claims, 'GRADED', 'DRAFT', 'DRAFT', { gridId: grid.id, gridVersion: grid.version, scores, total: changes.total, comment: comment ?? existing.comment });
        return m.getRepository(EvaluationRow).findOneByOrFail({ id: existing.id });
      }

      const id = randomUUID();
      const total = totalOf(given);
      await m.getRepository(EvaluationRow).insert({
        id,
        candidatureId,
        gridId: grid.id,
        gridVersion: grid.version,
        evaluatorId: grader.sub,
        regionCode: grader.regionCode,
        scores: given,
        comment: comment ?? null,
        total,
        status: 'DRAFT',
        signedAt: null,
        version: 1,
      });
      await recordEvent(m, { id, candidatureId }, ctx.claims, 'CREATED', null, 'DRAFT', { gridId: grid.id, gridVersion: grid.version, scores: given, total, comment: comment ?? null });
      return m.getRepository(EvaluationRow).findOneByOrFail({ id });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("Votre évaluation de cette candidature vient d'être créée dans une autre requête : rechargez-la.");
    throw error;
  }
}

/** Signs the caller's own evaluation: every criterion must be scored; afterwards it never changes. */
export async function signEvaluation(ctx: SubgraphContext, id: string, expectedVersion?: number | null): Promise<EvaluationRow> {
  const grader = graderOf(ctx);
  // The file must still be of the signer's ARS (pivot), checked before the row lock (an HTTP call to the candidature subgraph).
  const found = isUuid(id) ? await ctx.db.getRepository(EvaluationRow).findOneBy({ id }) : null;
  if (!found || !seesRegion(ctx.claims, found.regionCode) || !(await fileOfRegion(found.candidatureId, grader.regionCode))) throw notFound(EVALUATION_NOT_FOUND);
  return ctx.db.transaction(async (m) => {
    const evaluation = await m.getRepository(EvaluationRow).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!evaluation || !seesRegion(ctx.claims, evaluation.regionCode) || evaluation.candidatureId !== found.candidatureId) throw notFound(EVALUATION_NOT_FOUND);
    if (evaluation.evaluatorId !== grader.sub) throw forbidden("Seul l'instructeur qui a noté peut signer son évaluation.");
    if (evaluation.status === 'SIGNED') throw conflict('Cette évaluation est déjà signée : elle est définitive.');
    await assertNotDecided(m, evaluation.candidatureId);
    if (expectedVersion != null && evaluation.version !== expectedVersion) throw conflict('Cette évaluation a été modifiée entre-temps : relisez-la avant de la signer.');
    const criteria = await m.getRepository(GridCriterionRow).findBy({ gridId: evaluation.gridId });
    const missing = missingCriteria(criteria, evaluation.scores);
    if (missing.length > 0) throw badInput(`Notez tous les critères avant de signer ; il manque : ${missing.join(', ')}.`, { missing });
    const signedAt = new Date();
    const result = await m
      .createQueryBuilder()
      .update(EvaluationRow)
      .set({ status: 'SIGNED', signedAt, version: () => 'version + 1' })
      .where('id = :id AND version = :version AND status = :status', { id: evaluation.id, version: evaluation.version, status: 'DRAFT' })
      .execute();
    if (result.affected !== 1) throw conflict('Cette évaluation a été modifiée entre-temps : relisez-la avant de la signer.');
    await recordEvent(m, evaluation, ctx.claims, 'SIGNED', 'DRAFT', 'SIGNED', { total: evaluation.total, scores: evaluation.scores });
    return m.getRepository(EvaluationRow).findOneByOrFail({ id: evaluation.id });
  });
}
