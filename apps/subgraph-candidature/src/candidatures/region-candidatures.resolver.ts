import type { SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Region } from '../federation/stubs';
import type { CandidatureRow } from './candidature.entity';
import { countCandidatures, listCandidatures, scopedCandidatureLoader } from './candidature.repository';
import { Candidature, CandidatureFilter } from './candidature.types';

/** Adds to the annuaire's Region the candidatures touching it (pivot or an ESSMS there), within the caller's scope. */
@Resolver(() => Region)
export class RegionCandidaturesResolver {
  @FieldResolver(() => [Candidature])
  candidatures(
    @Root() region: Region,
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => CandidatureFilter, { nullable: true }) filter?: CandidatureFilter | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 50 }) limit = 50,
  ): Promise<CandidatureRow[]> {
    return listCandidatures(ctx, filter, Math.min(Math.max(limit, 0), 200), 0, { regionCode: region.code });
  }

  @FieldResolver(() => Int)
  candidatureCount(@Root() region: Region, @Ctx() ctx: SubgraphContext, @Arg('filter', () => CandidatureFilter, { nullable: true }) filter?: CandidatureFilter | null) {
    return countCandidatures(ctx, filter, { regionCode: region.code });
  }
}

export const regionReferenceResolver = { __resolveReference: (ref: { code: string }) => ({ code: ref.code }) };

/** `_entities` bypasses the resolvers' middleware: the scope is applied here too (out of scope → null). */
export const candidatureReferenceResolver = {
  __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => scopedCandidatureLoader(ctx).load(String(ref.id)),
};
