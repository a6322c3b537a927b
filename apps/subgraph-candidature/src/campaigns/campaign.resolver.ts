import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@esms/server-kit';
import { CampaignRow } from './campaign.entity';
import { campaignLoader, campaignView } from './campaign.service';
import { Campaign } from './campaign.types';

/** Campaign calendars are public facts (published AAP). */
@Resolver(() => Campaign)
export class CampaignResolver {
  @Query(() => [Campaign], { description: 'Campagnes (appels à projets) avec leurs calendriers et leur statut, heure de Paris.' })
  async campaigns(
    @Ctx() ctx: SubgraphContext,
    @Arg('regionCode', () => String, { nullable: true }) regionCode?: string | null,
    @Arg('year', () => Int, { nullable: true }) year?: number | null,
  ): Promise<Campaign[]> {
    const where: Partial<CampaignRow> = {};
    if (regionCode) where.regionCode = regionCode;
    if (year) where.year = year;
    const rows = await ctx.db.getRepository(CampaignRow).find({ where, order: { year: 'DESC', regionCode: 'ASC' } });
    const now = new Date();
    return rows.map((r) => campaignView(r, now));
  }

  @Query(() => Campaign, { nullable: true })
  async campaign(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Campaign | null> {
    const row = await campaignLoader(ctx).load(id);
    return row ? campaignView(row) : null;
  }
}

export const campaignReferenceResolver = {
  __resolveReference: async (ref: { id: string }, ctx: SubgraphContext) => {
    const row = await campaignLoader(ctx).load(ref.id);
    return row ? campaignView(row) : null;
  },
};
