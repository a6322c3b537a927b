import type { SubgraphContext } from '@esms/server-kit';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import type { SubmissionCheck } from './submission.types';

export async function submissionCheck(_ctx: SubgraphContext, _row: CandidatureRow): Promise<SubmissionCheck> {
  throw new Error('not implemented');
}
export async function hasRecapitulatif(_ctx: SubgraphContext, _id: string): Promise<boolean> {
  return false;
}
