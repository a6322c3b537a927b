import { checkFiness } from '@esms/domain';
import { badInput, type SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { regionLoader } from '../regions/region.loaders';
import { Region } from '../regions/region.types';
import { organismeLoader } from '../organismes/organisme.loaders';
import { OrganismeGestionnaire } from '../organismes/organisme.types';
import { EstablishmentRow } from './establishment.entity';
import { establishmentLoader, toEstablishment } from './establishment.loaders';
import { Establishment } from './establishment.types';
import { normalizeSearch } from './search-text';

export const MAX_BATCH = 500;
export const MAX_SEARCH_LIMIT = 100;

/** The normalised FINESS, or BAD_USER_INPUT naming the faulty number. */
export function requireFiness(value: string, field = 'finess'): string {
  const check = checkFiness(value);
  if (!check.ok) throw badInput(check.reason, { field, value });
  return check.finess;
}

@Resolver(() => Establishment)
export class EstablishmentResolver {
  @Query(() => Establishment, { nullable: true, description: 'Un ESSMS par son FINESS géographique (null si inconnu). Public.' })
  establishment(@Arg('finess', () => String) finess: string, @Ctx() ctx: SubgraphContext): Promise<Establishment | null> {
    return establishmentLoader(ctx).load(requireFiness(finess));
  }

  @Query(() => [Establishment], {
    nullable: 'items',
    description: `Plusieurs ESSMS par FINESS géographique, dans l’ordre demandé (null pour un numéro inconnu ; ${MAX_BATCH} au plus). Public.`,
  })
  async establishments(@Arg('finess', () => [String]) finess: string[], @Ctx() ctx: SubgraphContext): Promise<(Establishment | null)[]> {
    if (finess.length > MAX_BATCH) throw badInput(`Demandez au plus ${MAX_BATCH} numéros FINESS à la fois (${finess.length} reçus) : découpez la liste.`);
    const keys = finess.map((f) => requireFiness(f));
    const loaded = await establishmentLoader(ctx).loadMany(keys);
    return loaded.map((e) => (e instanceof Error ? null : e));
  }

  @Query(() => [Establishment], {
    description: `Recherche d’ESSMS par nom, ville, code postal ou numéro FINESS, filtrable par région, département et catégorie (au plus ${MAX_SEARCH_LIMIT} résultats). Public.`,
  })
  async searchEstablishments(
    @Ctx() ctx: SubgraphContext,
    @Arg('query', () => String, { nullable: true }) query?: string | null,
    @Arg('regionCode', () => String, { nullable: true }) regionCode?: string | null,
    @Arg('departement', () => String, { nullable: true }) departement?: string | null,
    @Arg('category', () => String, { nullable: true }) category?: string | null,
    @Arg('includeClosed', () => Boolean, { defaultValue: false }) includeClosed = false,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit = 20,
  ): Promise<Establishment[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
      throw badInput(`Le nombre de résultats demandé (${limit}) doit être compris entre 1 et ${MAX_SEARCH_LIMIT}.`, { field: 'limit' });
    }
    const qb = ctx.db.getRepository(EstablishmentRow).createQueryBuilder('e');
    const terms = normalizeSearch(query ?? '').split(' ').filter(Boolean).slice(0, 8);
    terms.forEach((term, i) => qb.andWhere(`e.search_text LIKE :t${i}`, { [`t${i}`]: `%${term.replace(/[%_]/g, '')}%` }));
    if (regionCode) qb.andWhere('e.region_code = :regionCode', { regionCode: regionCode.trim() });
    if (departement) qb.andWhere('e.departement = :departement', { departement: departement.trim().toUpperCase() });
    if (category) qb.andWhere('e.category = :category', { category: category.trim() });
    if (!includeClosed) qb.andWhere('e.closed = false');
    const rows = await qb.orderBy('e.name', 'ASC').addOrderBy('e.finess', 'ASC').limit(limit).getMany();
    return rows.map(toEstablishment);
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() e: Establishment, @Ctx() ctx: SubgraphContext): Promise<Region | null> | null {
    return e.regionCode ? regionLoader(ctx).load(e.regionCode) : null;
  }

  @FieldResolver(() => OrganismeGestionnaire, { nullable: true, description: 'L’organisme gestionnaire (FINESS juridique).' })
  organisme(@Root() e: Establishment, @Ctx() ctx: SubgraphContext): Promise<OrganismeGestionnaire | null> {
    return organismeLoader(ctx).load(e.finessEj);
  }
}

export const establishmentReference = {
  __resolveReference: (ref: { finess: string }, ctx: SubgraphContext) => establishmentLoader(ctx).load(String(ref.finess).trim().toUpperCase()),
};
