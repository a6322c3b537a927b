import type { SubgraphContext } from '@esms/server-kit';
import { Ctx, Query, Resolver } from 'type-graphql';
import { openData } from './open-data.service';
import { OpenData } from './open-data.types';

/** Public (no login): anonymised aggregates of the programme. */
@Resolver()
export class OpenDataResolver {
  @Query(() => OpenData, { description: 'Données ouvertes (publiques, sans connexion) : agrégats anonymisés par région, état, champ et type de projet.' })
  openData(@Ctx() ctx: SubgraphContext): Promise<OpenData> {
    return openData(ctx.db, ctx.logger);
  }
}
