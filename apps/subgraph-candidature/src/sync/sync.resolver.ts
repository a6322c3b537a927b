import type { SubgraphContext } from '@esms/server-kit';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { CandidatureFilter } from '../candidatures/candidature.types';
import { candidaturesConnection } from './sync.service';
import { CandidatureConnection } from './sync.types';

/** Cursor pagination for third parties (and anyone): same scope as `candidatures`. */
@Resolver()
export class SyncResolver {
  @Query(() => CandidatureConnection, {
    description:
      'Candidatures visibles par votre profil, page par page (curseur opaque, au plus 100 par page), triées par dernière modification ; `updatedSince` pour la synchronisation.',
  })
  candidaturesConnection(
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'Entre 1 et 100.' }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('updatedSince', () => GraphQLDateTimeISO, { nullable: true, description: 'Seulement les candidatures modifiées depuis cet instant (inclus).' })
    updatedSince?: Date | null,
    @Arg('filter', () => CandidatureFilter, { nullable: true }) filter?: CandidatureFilter | null,
  ) {
    return candidaturesConnection(ctx, { first, after, updatedSince, filter });
  }
}
