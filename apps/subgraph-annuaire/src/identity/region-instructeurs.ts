import { requireRole, type SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { AccountRow } from './identity.entities';

@ObjectType({ description: "Un instructeur d'une ARS (à qui attribuer un dossier, qui a noté)." })
export class RegionInstructeur {
  @Field(() => ID) id!: string;
  @Field() displayName!: string;
  @Field() email!: string;
}

/**
 * The active instructeurs of an ARS, for the file's assignment control and the names of the graders. INSTRUCTEUR:
 * its own ARS only (another region → empty list, like a region without instructeurs); CNSA: the region asked.
 * PUBLIC → UNAUTHENTICATED, other roles → FORBIDDEN.
 */
@Resolver()
export class RegionInstructeursResolver {
  @Query(() => [RegionInstructeur], { description: "Instructeurs actifs d'une ARS : la vôtre (instructeur) ou celle demandée (CNSA)." })
  async regionInstructeurs(@Arg('regionCode', () => String, { nullable: true }) regionCode: string | null, @Ctx() ctx: SubgraphContext): Promise<RegionInstructeur[]> {
    const claims = requireRole(ctx, 'INSTRUCTEUR', 'CNSA');
    if (claims.role === 'INSTRUCTEUR' && regionCode && regionCode !== claims.regionCode) return [];
    const region = claims.role === 'INSTRUCTEUR' ? claims.regionCode : regionCode;
    if (!region) return [];
    const rows = await ctx.db.getRepository(AccountRow).find({ where: { role: 'INSTRUCTEUR', regionCode: region, status: 'ACTIVE' }, order: { displayName: 'ASC', id: 'ASC' } });
    return rows.map((r) => ({ id: r.id, displayName: r.displayName, email: r.email }));
  }
}
