import { requireRole, type SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { aggregatesReader, candidatureScopeSql } from '../authorization/candidature-scope';
import { normaliseFilter } from './dashboard-sql';
import { dashboardFiles, nationalDashboard } from './national-stats.service';
import { DashboardFilesFilter, DashboardFilesPage, DashboardFilter, NationalDashboard } from './national-stats.types';

/** National oversight (CNSA only): aggregates per region and for France, and the files behind each figure. */
@Resolver()
export class NationalStatsResolver {
  @Query(() => NationalDashboard, { description: 'Tableau de bord national (CNSA, ou jeton d’API `aggregates:read`) : agrégats par région et pour la France.' })
  nationalDashboard(@Ctx() ctx: SubgraphContext, @Arg('filter', () => DashboardFilter, { nullable: true }) filter?: DashboardFilter | null) {
    const claims = aggregatesReader(ctx.claims) ?? requireRole(ctx, 'CNSA');
    return nationalDashboard(ctx.db, candidatureScopeSql(claims), normaliseFilter(filter), ctx.logger);
  }

  @Query(() => DashboardFilesPage, { description: "Les dossiers derrière un chiffre du tableau de bord national (CNSA)." })
  dashboardFiles(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => DashboardFilesFilter, { nullable: true }) filter?: DashboardFilesFilter | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 100 }) limit = 100,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset = 0,
  ) {
    const claims = requireRole(ctx, 'CNSA');
    return dashboardFiles(ctx.db, candidatureScopeSql(claims), normaliseFilter(filter), limit, offset);
  }
}
