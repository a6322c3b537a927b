import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@esms/server-kit';
import { requireGradingReader } from '../access';
import { Grid } from '../grids/grid.types';
import { visibleGrid } from '../grids/grid.service';
import type { EvaluationRow } from './evaluation.entity';
import { evaluationsOf, gradeCandidature, signEvaluation, summaryOf, visibleEvaluation } from './evaluation.service';
import { Candidature, CriterionScore, Evaluation, GradeCandidatureInput, GradingSummary } from './evaluation.types';

@Resolver(() => Evaluation)
export class EvaluationResolver {
  @Query(() => Evaluation, { nullable: true })
  async evaluation(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<EvaluationRow | null> {
    requireGradingReader(ctx);
    return visibleEvaluation(ctx, id);
  }

  @Mutation(() => Evaluation, { description: 'Note une candidature avec la grille publiée de votre ARS (crée ou met à jour votre évaluation brouillon).' })
  async gradeCandidature(@Arg('input', () => GradeCandidatureInput) input: GradeCandidatureInput, @Ctx() ctx: SubgraphContext): Promise<EvaluationRow> {
    requireGradingReader(ctx);
    return gradeCandidature(ctx, input);
  }

  @Mutation(() => Evaluation, { description: 'Signe votre évaluation : elle devient définitive.' })
  async signEvaluation(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion: number | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<EvaluationRow> {
    requireGradingReader(ctx);
    return signEvaluation(ctx, id, expectedVersion);
  }

  @FieldResolver(() => [CriterionScore])
  scores(@Root() evaluation: EvaluationRow): CriterionScore[] {
    return Object.entries(evaluation.scores).map(([criterionCode, points]) => ({ criterionCode, points }));
  }

  @FieldResolver(() => Grid, { nullable: true })
  grid(@Root() evaluation: EvaluationRow, @Ctx() ctx: SubgraphContext) {
    return visibleGrid(ctx, evaluation.gridId);
  }

  @FieldResolver(() => Candidature)
  candidature(@Root() evaluation: EvaluationRow): Candidature {
    return { id: evaluation.candidatureId };
  }
}

@Resolver(() => Candidature)
export class CandidatureGradingResolver {
  @FieldResolver(() => [Evaluation], { description: "Évaluations de la candidature visibles par vous (instructeurs de l'ARS qui a noté, CNSA)." })
  async evaluations(@Root() candidature: Candidature, @Ctx() ctx: SubgraphContext): Promise<EvaluationRow[]> {
    return evaluationsOf(ctx, candidature.id);
  }

  @FieldResolver(() => GradingSummary)
  async gradingSummary(@Root() candidature: Candidature, @Ctx() ctx: SubgraphContext): Promise<GradingSummary> {
    return summaryOf(ctx, candidature.id);
  }
}

/**
 * `_entities` resolution (outside type-graphql's middleware). A Candidature reference only carries its
 * id: the fields filter by scope themselves (others see an empty list). An Evaluation reference answers
 * null outside the caller's scope.
 */
export const candidatureReference = {
  __resolveReference(ref: { id: string }): Candidature {
    return { id: String(ref.id) };
  },
};

export const evaluationReference = {
  async __resolveReference(ref: { id: string }, ctx: SubgraphContext) {
    if (ctx.claims.role !== 'INSTRUCTEUR' && ctx.claims.role !== 'CNSA') return null;
    return visibleEvaluation(ctx, ref.id);
  },
};
