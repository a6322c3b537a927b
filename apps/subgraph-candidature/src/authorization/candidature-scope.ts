import type { Claims } from '@esms/server-kit';
import type { LifecycleRole } from '@esms/domain';

/**
 * Who sees which candidature — enforced in SQL for lists and counts, and re-checked for every single read
 * (root fields, `_entities`, `Region.candidatures`). Out of scope answers exactly like non-existent.
 * - PORTEUR: candidatures whose organismes intersect claims.organismes;
 * - INSTRUCTEUR: files whose pivot region is its region, and read-only the multiregional files with an ESSMS in
 *   its region; a draft never submitted is the porteur's working copy and is not shown to the ARS;
 * - CNSA: all files (except never-submitted drafts);
 * - CD: the files a CD opinion was asked about for one of its départements (read-only);
 * - API_CLIENT: with a `files:read:<regionCode>` scope, the submitted files whose pivot region is that region (read-only);
 * - PUBLIC, others: none.
 */
export interface ScopeSql {
  sql: string;
  params: unknown[];
}

const NOT_A_PRIVATE_DRAFT = `(c.state <> 'DRAFT' OR c.submitted_at IS NOT NULL)`;

/** A SQL condition on alias `c` (candidature); `$n` numbering starts after `offset` existing params. */
export function candidatureScopeSql(claims: Claims, offset = 0): ScopeSql {
  const p = (i: number) => `$${offset + i}`;
  switch (claims.role) {
    case 'CNSA':
      return { sql: NOT_A_PRIVATE_DRAFT, params: [] };
    case 'PORTEUR':
      if (!claims.organismes.length) return { sql: 'FALSE', params: [] };
      return { sql: `c.organismes && ${p(1)}::text[]`, params: [claims.organismes] };
    case 'INSTRUCTEUR':
      if (!claims.regionCode) return { sql: 'FALSE', params: [] };
      return {
        sql: `${NOT_A_PRIVATE_DRAFT} AND (c.pivot_region = ${p(1)} OR (c.track = 'multiregional' AND EXISTS (SELECT 1 FROM grappe_member gm WHERE gm.candidature_id = c.id AND gm.region_code = ${p(1)})))`,
        params: [claims.regionCode],
      };
    case 'CD':
      // Conseil départemental: only the files a CD opinion was asked about for one of its départements (read-only).
      if (!claims.departements.length) return { sql: 'FALSE', params: [] };
      return {
        sql: `EXISTS (SELECT 1 FROM cd_opinion_request cdr WHERE cdr.candidature_id = c.id AND cdr.departement = ANY(${p(1)}::text[]))`,
        params: [claims.departements],
      };
    case 'API_CLIENT': {
      const regions = fileReadRegions(claims);
      if (!regions.length) return { sql: 'FALSE', params: [] };
      return { sql: `c.submitted_at IS NOT NULL AND c.pivot_region = ANY(${p(1)}::text[])`, params: [regions] };
    }
    default:
      return { sql: 'FALSE', params: [] };
  }
}

/**
 * Claims to read the national aggregates with: CNSA, or an API token with the `aggregates:read` scope (it then
 * reads the same figures as the CNSA, never the files behind them). Null otherwise.
 */
export function aggregatesReader(claims: Claims): Claims | null {
  if (claims.role === 'CNSA') return claims;
  if (claims.role === 'API_CLIENT' && (claims.scopes ?? []).includes('aggregates:read')) return { ...claims, role: 'CNSA' };
  return null;
}

/** Regions an API token may read the submitted files of (`files:read:<regionCode>` scopes). */
export function fileReadRegions(claims: Claims): string[] {
  return (claims.scopes ?? []).map((s) => /^files:read:([0-9]{2,3})$/.exec(s)?.[1]).filter((r): r is string => Boolean(r));
}

/** The lifecycle role the caller acts with on this file, or null when it may only read it (or not at all). */
export function actingRole(
  claims: Claims,
  file: { organismes: string[]; pivotRegion: string | null; desk: string },
): LifecycleRole | null {
  switch (claims.role) {
    case 'PORTEUR':
      return file.organismes.some((o) => claims.organismes.includes(o)) ? 'PORTEUR' : null;
    case 'INSTRUCTEUR':
      // Only the pivot ARS instructs; the other ARS of a multiregional file read it.
      return claims.regionCode && file.pivotRegion === claims.regionCode ? 'INSTRUCTEUR' : null;
    case 'CNSA':
      // CNSA instructs the national desk (003 §4.3).
      return file.desk === 'NATIONAL' ? 'CNSA' : null;
    default:
      return null;
  }
}
