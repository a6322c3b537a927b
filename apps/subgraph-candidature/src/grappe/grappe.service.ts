import type { SubgraphContext } from '@esms/server-kit';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import type { Region } from '../federation/stubs';
import type { GrappeMemberUpdateInput, SaadHours } from './grappe.types';

export async function allowedPivots(_ctx: SubgraphContext, _row: CandidatureRow): Promise<Region[]> {
  return [];
}
export async function memberDetail(_ctx: SubgraphContext, _m: { finess: string; candidatureId?: string }): Promise<{ saad: SaadHours | null; solutionInReferencing: boolean }> {
  return { saad: null, solutionInReferencing: false };
}
export async function updateGrappeMember(_ctx: SubgraphContext, _id: string, _f: string, _v: number, _i: GrappeMemberUpdateInput): Promise<CandidatureRow> {
  throw new Error('not implemented');
}
export async function importGrappeMembers(_ctx: SubgraphContext, _id: string, _v: number, _t: string): Promise<unknown> {
  throw new Error('not implemented');
}
export async function choosePivotRegion(_ctx: SubgraphContext, _id: string, _v: number, _r: string): Promise<CandidatureRow> {
  throw new Error('not implemented');
}
