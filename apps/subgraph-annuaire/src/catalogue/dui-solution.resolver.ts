import { requireRole, type SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DuiSolutionChangeRow, DuiSolutionRow } from './dui-solution.entity';
import {
  createDuiSolution,
  duiSolutionLoader,
  setDuiReferencingStatus,
  toDuiSolution,
  updateDuiSolution,
} from './dui-solution.service';
import {
  DuiReferencingStatus,
  DuiSolution,
  DuiSolutionChange,
  DuiSolutionFilter,
  DuiSolutionInput,
  DuiSolutionUpdateInput,
} from './dui-solution.types';

/** Who is acting, for the change log: account id, else e-mail. */
function actor(ctx: SubgraphContext): string {
  const claims = requireRole(ctx, 'CNSA');
  return claims.sub ?? claims.email ?? 'cnsa';
}

@Resolver(() => DuiSolution)
export class DuiSolutionResolver {
  @Query(() => [DuiSolution], { description: 'Le catalogue des solutions DUI référencées Ségur. Public.' })
  async duiSolutions(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => DuiSolutionFilter, { nullable: true }) filter?: DuiSolutionFilter | null,
  ): Promise<DuiSolution[]> {
    const qb = ctx.db.getRepository(DuiSolutionRow).createQueryBuilder('s');
    if (filter?.couloir) qb.andWhere('s.couloir = :couloir', { couloir: filter.couloir });
    if (filter?.vague !== undefined && filter?.vague !== null) qb.andWhere('s.vague = :vague', { vague: filter.vague });
    if (filter?.profile) qb.andWhere('s.profile = :profile', { profile: filter.profile });
    if (filter?.referencingStatus) qb.andWhere('s.referencing_status = :status', { status: filter.referencingStatus });
    if (filter?.text?.trim()) {
      qb.andWhere('(s.editor ILIKE :text OR s.product ILIKE :text)', { text: `%${filter.text.trim().replace(/[%_]/g, '')}%` });
    }
    const rows = await qb.orderBy('s.editor').addOrderBy('s.product').addOrderBy('s.version').addOrderBy('s.profile').getMany();
    return rows.map(toDuiSolution);
  }

  @Query(() => DuiSolution, { nullable: true })
  duiSolution(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<DuiSolution | null> {
    return duiSolutionLoader(ctx).load(id);
  }

  @Mutation(() => DuiSolution, { description: 'Ajoute une solution au catalogue. CNSA uniquement ; tracé.' })
  async createDuiSolution(@Arg('input', () => DuiSolutionInput) input: DuiSolutionInput, @Ctx() ctx: SubgraphContext): Promise<DuiSolution> {
    const by = actor(ctx);
    return toDuiSolution(await createDuiSolution(ctx.db, input, by));
  }

  @Mutation(() => DuiSolution, { description: 'Modifie une solution du catalogue. CNSA uniquement ; tracé.' })
  async updateDuiSolution(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => DuiSolutionUpdateInput) input: DuiSolutionUpdateInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<DuiSolution> {
    const by = actor(ctx);
    return toDuiSolution(await updateDuiSolution(ctx.db, id, input, by));
  }

  @Mutation(() => DuiSolution, { description: 'Change le statut de référencement d’une solution. CNSA uniquement ; tracé.' })
  async setDuiReferencingStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => DuiReferencingStatus) status: DuiReferencingStatus,
    @Ctx() ctx: SubgraphContext,
  ): Promise<DuiSolution> {
    const by = actor(ctx);
    return toDuiSolution(await setDuiReferencingStatus(ctx.db, id, status, by));
  }

  @FieldResolver(() => String, { nullable: true, description: 'Auteur de la dernière modification (CNSA uniquement, null sinon).' })
  updatedBy(@Root() s: DuiSolution, @Ctx() ctx: SubgraphContext): string | null {
    return ctx.claims.role === 'CNSA' ? s.lastChangedBy : null;
  }

  @FieldResolver(() => [DuiSolutionChange], { description: 'Historique des modifications. CNSA uniquement.' })
  async history(@Root() s: DuiSolution, @Ctx() ctx: SubgraphContext): Promise<DuiSolutionChange[]> {
    requireRole(ctx, 'CNSA');
    const rows = await ctx.db.getRepository(DuiSolutionChangeRow).find({ where: { solutionId: s.id }, order: { changedAt: 'ASC' } });
    return rows.map((r) => ({
      id: r.id,
      action: r.action,
      changedBy: r.changedBy,
      changedAt: r.changedAt,
      before: r.before ? JSON.stringify(r.before) : null,
      after: JSON.stringify(r.after),
    }));
  }
}

export const duiSolutionReference = {
  __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => duiSolutionLoader(ctx).load(String(ref.id)),
};
