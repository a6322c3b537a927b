import type { SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { RegionRow } from './region.entity';
import { arsLoader, departementsLoader, gradesLoader, regionLoader, toRegion } from './region.loaders';
import { ArsContacts, Departement, Grades, Region } from './region.types';

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => [Region], { description: 'Les 18 régions dotées d’une ARS, par code INSEE. Public.' })
  async regions(@Ctx() ctx: SubgraphContext): Promise<Region[]> {
    const rows = await ctx.db.getRepository(RegionRow).find({ order: { code: 'ASC' } });
    return rows.map(toRegion);
  }

  @Query(() => Region, { nullable: true, description: 'Une région par son code INSEE (null si inconnue). Public.' })
  region(@Arg('code', () => String) code: string, @Ctx() ctx: SubgraphContext): Promise<Region | null> {
    return regionLoader(ctx).load(code.trim());
  }

  @FieldResolver(() => [Departement])
  departements(@Root() region: Region, @Ctx() ctx: SubgraphContext): Promise<Departement[] | null> {
    return departementsLoader(ctx).load(region.code);
  }

  @FieldResolver(() => ArsContacts, { description: 'Adresses génériques et référents ESMS numérique de l’ARS.' })
  ars(@Root() region: Region, @Ctx() ctx: SubgraphContext): Promise<ArsContacts | null> {
    return arsLoader(ctx).load(region.code);
  }

  @FieldResolver(() => Grades, { nullable: true, description: 'Le GRADeS de la région (null quand l’annexe n’en donne pas).' })
  grades(@Root() region: Region, @Ctx() ctx: SubgraphContext): Promise<Grades | null> {
    return gradesLoader(ctx).load(region.code);
  }
}

export const regionReference = {
  __resolveReference: (ref: { code: string }, ctx: SubgraphContext) => regionLoader(ctx).load(ref.code),
};
