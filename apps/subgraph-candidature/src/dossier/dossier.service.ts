import type { SubgraphContext } from '@esms/server-kit';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import type { CandidatureDossier, CandidatureDossierInput } from './dossier.types';

export async function dossierView(_ctx: SubgraphContext, _row: CandidatureRow): Promise<CandidatureDossier> {
  throw new Error('not implemented');
}
export async function updateDossier(_ctx: SubgraphContext, _id: string, _v: number, _input: CandidatureDossierInput): Promise<CandidatureRow> {
  throw new Error('not implemented');
}
