import { HttpError, type InternalRoute } from '@esms/server-kit';
import { isUuid } from './candidature.repository';

export const MAX_PIVOT_IDS = 200;

export interface FilePivot {
  id: string;
  /** The ARS that instructs, grades and decides the file (null on the national desk). */
  pivotRegion: string | null;
  campaignId: string;
  state: string;
}

/**
 * POST /internal/candidatures/pivot-regions { ids: string[] } → FilePivot[] for the files that exist (unknown or
 * malformed ids are simply absent). SERVICE claims only (server-kit). The grading-grid asks it before a grade, a
 * signature or a committee decision: only the pivot ARS acts on a file, even when a multiregional grappe includes
 * ESSMS of other regions (those ARS read it, nothing more). One query.
 */
export const candidaturePivotRegions: InternalRoute = async (body, ctx) => {
  const ids = (body as Record<string, unknown> | null)?.['ids'];
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) {
    throw new HttpError(400, 'BAD_REQUEST', 'Le corps doit être { "ids": ["…"] } (identifiants de candidatures).');
  }
  if (ids.length > MAX_PIVOT_IDS) throw new HttpError(400, 'BAD_REQUEST', `Au plus ${MAX_PIVOT_IDS} identifiants par appel (${ids.length} reçus).`);
  const valid = [...new Set((ids as string[]).map((id) => id.toLowerCase()).filter(isUuid))];
  if (!valid.length) return [];
  const rows = (await ctx.db.query(
    `SELECT id, pivot_region AS "pivotRegion", campaign_id AS "campaignId", state FROM candidature WHERE id = ANY($1::uuid[]) ORDER BY id`,
    [valid],
  )) as FilePivot[];
  return rows.map((r) => ({ id: String(r.id), pivotRegion: r.pivotRegion ?? null, campaignId: r.campaignId, state: r.state }));
};
