import type { SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { Candidature } from '../candidatures/candidature.types';
import { dossierView, updateDossier } from './dossier.service';
import { CandidatureDossier, CandidatureDossierInput } from './dossier.types';

/** `Candidature.dossier` and its mutation (issue 4 §5). */
@Resolver(() => Candidature)
export class DossierResolver {
  @FieldResolver(() => CandidatureDossier, { description: 'Questions du dossier : type de projet, champs, gouvernance, planning, autodiagnostics, TVA, GHT, fonds européens, guide.' })
  dossier(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<CandidatureDossier> {
    return dossierView(ctx, row);
  }

  @Mutation(() => Candidature, { description: 'Enregistre les réponses du dossier (porteur, tant que le dossier est modifiable) ; CONFLICT si la version a changé.' })
  updateCandidatureDossier(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => CandidatureDossierInput) input: CandidatureDossierInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CandidatureRow> {
    return updateDossier(ctx, id, expectedVersion, input);
  }
}
