import { callInternal } from '@esms/server-kit';

/**
 * Facts of the candidature subgraph (owner of the files), read through its internal route
 * `candidatures/for-committee` (contract: apps/subgraph-candidature/src/events-inbox/CONTRACT.md).
 */
export interface CommitteeFile {
  id: string;
  reference: string;
  title: string;
  state: string;
  essmsCount?: number | null;
  /** Funding total of the file (euros). */
  total: number;
  porteurEmail?: string | null;
  porteurAccountId?: string | null;
  organismes?: string[];
  desk?: string;
  multiregional?: boolean;
  submittedAt?: string | null;
  fields?: string[] | null;
  situations?: string[] | null;
  regions?: string[] | null;
  categories?: string[] | null;
  hasSaad?: boolean | null;
  hasPdsPde?: boolean | null;
  organismePublic?: boolean | null;
  organismeSize?: string | null;
}

export function candidatureUrl(): string {
  const url = process.env['ESMS_CANDIDATURE_URL'];
  if (!url) throw new Error('ESMS_CANDIDATURE_URL is not set: the grading-grid subgraph cannot reach the candidature subgraph.');
  return url;
}

export async function filesForCommittee(regionCode: string, campaignId: string, windowCode: string | null): Promise<CommitteeFile[]> {
  const answer = await callInternal<CommitteeFile[] | { candidatures?: CommitteeFile[] }>(candidatureUrl(), 'candidatures/for-committee', { regionCode, campaignId, windowCode }, 'grading-grid');
  const files = Array.isArray(answer) ? answer : (answer?.candidatures ?? []);
  return files.map((f) => ({ ...f, total: Number(f.total ?? 0) }));
}

/** A file's pivot ARS (internal route `candidatures/pivot-regions`): the only region that grades and decides it. */
export interface FilePivot {
  id: string;
  pivotRegion: string | null;
  campaignId: string;
  state: string;
}

/** The pivot ARS of the files that exist (unknown ids are absent from the map). */
export async function pivotRegionsOf(candidatureIds: string[]): Promise<Map<string, FilePivot>> {
  const answer = await callInternal<FilePivot[]>(candidatureUrl(), 'candidatures/pivot-regions', { ids: candidatureIds }, 'grading-grid');
  return new Map((Array.isArray(answer) ? answer : []).map((f) => [f.id, f]));
}

/** The domain event a committee decision produces (events/apply). */
export interface CommitteeDecisionEvent {
  id: string;
  type: 'COMMITTEE_DECISION';
  candidatureId: string;
  decision: 'RETAINED' | 'NOT_RETAINED' | 'POSTPONED';
  motive: string;
  committeeId: string;
  decidedBy: string;
  decidedAt: string;
  amountGranted: number | null;
}

/** Delivers one event; resolves only when the candidature subgraph acknowledged it (APPLIED or DUPLICATE). */
export async function applyEvent(event: CommitteeDecisionEvent): Promise<string> {
  const answer = await callInternal<{ status?: string }>(candidatureUrl(), 'events/apply', event, 'grading-grid');
  if (answer?.status !== 'APPLIED' && answer?.status !== 'DUPLICATE') throw new Error(`events/apply answered ${JSON.stringify(answer)}`);
  return answer.status;
}
