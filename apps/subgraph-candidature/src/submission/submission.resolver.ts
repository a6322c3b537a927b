import { loaderFor, type SubgraphContext } from '@esms/server-kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { Candidature } from '../candidatures/candidature.types';
import { hasRecapitulatif, submissionCheck } from './submission.service';
import { SubmissionCheck } from './submission.types';

@Resolver(() => Candidature)
export class SubmissionResolver {
  @FieldResolver(() => SubmissionCheck, { description: 'Ce qui manque pour déposer (période, critères bloquants, pièces), avec les contacts ARS.' })
  submissionCheck(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<SubmissionCheck> {
    return submissionCheck(ctx, row);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Chemin du PDF récapitulatif (via la passerelle) une fois déposée.' })
  async recapitulatifPath(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<string | null> {
    return (await hasRecapitulatif(ctx, row.id)) ? `/files/candidatures/${row.id}/recapitulatif.pdf` : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Numéro d'accusé de réception du dernier dépôt (null avant le dépôt)." })
  receiptNumber(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<string | null> {
    return loaderFor<string, string | null>(ctx, 'submission:receipt', async (ids) => {
      const rows: { id: string; receipt_number: string | null }[] = await ctx.db.query(`SELECT id, receipt_number FROM candidature WHERE id = ANY($1::uuid[])`, [[...ids]]);
      const by = new Map(rows.map((r) => [String(r.id), r.receipt_number]));
      return ids.map((id) => by.get(id) ?? null);
    }).load(row.id);
  }
}
