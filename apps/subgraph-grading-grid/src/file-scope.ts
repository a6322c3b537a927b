import { pivotRegionsOf } from './committees/candidature-client';

/** The answer for a file that does not exist AND for a file of another ARS (existence does not leak). */
export const FILE_NOT_FOUND = "Cette candidature n'existe pas ou vous n'y avez pas accès : vérifiez son identifiant.";

/**
 * Only the pivot ARS grades, signs and decides a file (platform rule): being able to READ it is not enough — the
 * other ARS of a multiregional grappe read it and nothing more. The pivot is the candidature subgraph's fact, asked at
 * each call (never cached: a grade must not rest on a stale scope); if that subgraph cannot answer, the call fails
 * (masked INTERNAL_SERVER_ERROR): fail closed.
 *
 * Returns the file's canonical id when `regionCode` is its pivot ARS, null when the file does not exist or is another
 * region's (the caller answers both with the same NOT_FOUND).
 */
export async function fileOfRegion(candidatureId: string, regionCode: string): Promise<string | null> {
  const file = (await pivotRegionsOf([candidatureId])).get(candidatureId.toLowerCase());
  return file && file.pivotRegion === regionCode ? file.id : null;
}
