import type { SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { Candidature } from '../candidatures/candidature.types';
import { deletePiece, piecesView } from './pieces.service';
import { PieceRequirementView } from './pieces.types';

@Resolver(() => Candidature)
export class PiecesResolver {
  @FieldResolver(() => [PieceRequirementView], { description: 'Pièces P01–P16 avec leur exigence pour ce projet et le fichier déposé.' })
  pieces(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<PieceRequirementView[]> {
    return piecesView(ctx, row);
  }

  @Mutation(() => Candidature, { description: 'Supprime un fichier déposé (avant le dépôt de la candidature) ; renvoie la candidature.' })
  deletePiece(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<CandidatureRow> {
    return deletePiece(ctx, id);
  }
}
