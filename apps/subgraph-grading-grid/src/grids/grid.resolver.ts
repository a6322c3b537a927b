import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@esms/server-kit';
import { requireGradingReader } from '../access';
import { maxTotalOf } from '@esms/domain';
import type { GridRow } from './grid.entity';
import { createGridVersion, listGrids, loadCriteria, loadPriorityRules, publishGrid, updateGrid, updateGridCriterion, visibleGrid } from './grid.service';
import { Grid, GridCriterion, PriorityRule, UpdateGridCriterionInput, UpdateGridInput } from './grid.types';

@Resolver(() => Grid)
export class GridResolver {
  @Query(() => [Grid], { description: "Grilles d'une ARS (toutes versions), éventuellement pour une campagne. Instructeurs de la région et CNSA." })
  async grids(
    @Arg('regionCode') regionCode: string,
    @Arg('campaignId', () => String, { nullable: true }) campaignId: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<GridRow[]> {
    requireGradingReader(ctx);
    return listGrids(ctx, regionCode, campaignId);
  }

  @Query(() => Grid, { nullable: true })
  async grid(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<GridRow | null> {
    requireGradingReader(ctx);
    return visibleGrid(ctx, id);
  }

  @Mutation(() => Grid, { description: 'Copie une grille publiée dans une nouvelle version brouillon (version + 1).' })
  async createGridVersion(@Arg('gridId', () => ID) gridId: string, @Ctx() ctx: SubgraphContext): Promise<GridRow> {
    requireGradingReader(ctx);
    return createGridVersion(ctx, gridId);
  }

  @Mutation(() => Grid, { description: "Modifie un critère d'une grille brouillon (une grille publiée est immuable)." })
  async updateGridCriterion(@Arg('input', () => UpdateGridCriterionInput) input: UpdateGridCriterionInput, @Ctx() ctx: SubgraphContext): Promise<GridRow> {
    requireGradingReader(ctx);
    return updateGridCriterion(ctx, input);
  }

  @Mutation(() => Grid, { description: "Modifie le libellé ou le seuil de maturité d'une grille brouillon." })
  async updateGrid(@Arg('input', () => UpdateGridInput) input: UpdateGridInput, @Ctx() ctx: SubgraphContext): Promise<GridRow> {
    requireGradingReader(ctx);
    return updateGrid(ctx, input);
  }

  @Mutation(() => Grid, { description: 'Publie une grille brouillon ; la version publiée précédente est archivée.' })
  async publishGrid(@Arg('gridId', () => ID) gridId: string, @Ctx() ctx: SubgraphContext): Promise<GridRow> {
    requireGradingReader(ctx);
    return publishGrid(ctx, gridId);
  }

  @FieldResolver(() => [GridCriterion])
  async criteria(@Root() grid: GridRow, @Ctx() ctx: SubgraphContext) {
    return (await loadCriteria(ctx).load(grid.id)) ?? [];
  }

  @FieldResolver(() => [PriorityRule])
  async priorityRules(@Root() grid: GridRow, @Ctx() ctx: SubgraphContext) {
    return (await loadPriorityRules(ctx).load(grid.id)) ?? [];
  }

  @FieldResolver(() => Int, { description: 'Note maximale (somme des barèmes).' })
  async maxTotal(@Root() grid: GridRow, @Ctx() ctx: SubgraphContext) {
    return maxTotalOf((await loadCriteria(ctx).load(grid.id)) ?? []);
  }
}

/** `_entities` for Grid: outside type-graphql's middleware, so it checks the caller's scope itself. */
export const gridReference = {
  async __resolveReference(ref: { id: string }, ctx: SubgraphContext) {
    if (ctx.claims.role !== 'INSTRUCTEUR' && ctx.claims.role !== 'CNSA') return null;
    return visibleGrid(ctx, ref.id);
  },
};
