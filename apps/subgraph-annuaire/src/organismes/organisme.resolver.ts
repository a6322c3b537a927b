import type { SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { establishmentsByOrganismeLoader } from '../establishments/establishment.loaders';
import { requireFiness } from '../establishments/establishment.resolver';
import { Establishment } from '../establishments/establishment.types';
import { regionLoader } from '../regions/region.loaders';
import { Region } from '../regions/region.types';
import { essmsCountLoader, organismeLoader } from './organisme.loaders';
import { isSmallOrganisme } from './organisme-size';
import { OrganismeGestionnaire } from './organisme.types';

@Resolver(() => OrganismeGestionnaire)
export class OrganismeResolver {
  @Query(() => OrganismeGestionnaire, { nullable: true, description: 'Un organisme gestionnaire par son FINESS juridique (null si inconnu). Public.' })
  organisme(@Arg('finessEj', () => String) finessEj: string, @Ctx() ctx: SubgraphContext): Promise<OrganismeGestionnaire | null> {
    return organismeLoader(ctx).load(requireFiness(finessEj, 'finessEj'));
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() o: OrganismeGestionnaire, @Ctx() ctx: SubgraphContext): Promise<Region | null> | null {
    return o.regionCode ? regionLoader(ctx).load(o.regionCode) : null;
  }

  @FieldResolver(() => Int, { description: 'Nombre d’ESSMS ouverts gérés par l’organisme.' })
  async essmsCount(@Root() o: OrganismeGestionnaire, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await essmsCountLoader(ctx).load(o.finessEj)) ?? 0;
  }

  @FieldResolver(() => Boolean, { description: 'Petit organisme gestionnaire : moins de 15 ESSMS (moins de 8 en outre-mer et en Corse), 003 §4.4.2.' })
  async isSmall(@Root() o: OrganismeGestionnaire, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    const count = (await essmsCountLoader(ctx).load(o.finessEj)) ?? 0;
    return isSmallOrganisme(o.finessEj, count, o.regionCode);
  }

  @FieldResolver(() => [Establishment], { description: 'Ses ESSMS (les fermés seulement si includeClosed).' })
  async establishments(
    @Root() o: OrganismeGestionnaire,
    @Ctx() ctx: SubgraphContext,
    @Arg('includeClosed', () => Boolean, { defaultValue: false }) includeClosed = false,
  ): Promise<Establishment[]> {
    const all = (await establishmentsByOrganismeLoader(ctx).load(o.finessEj)) ?? [];
    return includeClosed ? all : all.filter((e) => !e.closed);
  }
}

export const organismeReference = {
  __resolveReference: (ref: { finessEj: string }, ctx: SubgraphContext) => organismeLoader(ctx).load(String(ref.finessEj).trim().toUpperCase()),
};
