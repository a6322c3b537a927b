import type { SubgraphContext } from '@esms/server-kit';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import type { PieceRequirementView } from './pieces.types';

export async function piecesView(_ctx: SubgraphContext, _row: CandidatureRow): Promise<PieceRequirementView[]> {
  return [];
}
export async function deletePiece(_ctx: SubgraphContext, _id: string): Promise<CandidatureRow> {
  throw new Error('not implemented');
}
