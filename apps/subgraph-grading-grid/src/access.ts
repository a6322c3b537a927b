import { requireRole, type Claims, type SubgraphContext } from '@esms/server-kit';

/**
 * Who sees what in grading (platform rules):
 * - grids and evaluations of a region: the INSTRUCTEURs of that ARS and the CNSA;
 * - everyone else: nothing (lists come back empty, single objects answer NOT_FOUND);
 * - PUBLIC callers: UNAUTHENTICATED on every grading field.
 */
export function seesRegion(claims: Claims, regionCode: string): boolean {
  if (claims.role === 'CNSA') return true;
  return claims.role === 'INSTRUCTEUR' && claims.regionCode !== null && claims.regionCode === regionCode;
}

/** INSTRUCTEUR or CNSA; PUBLIC → UNAUTHENTICATED, other roles → FORBIDDEN. */
export function requireGradingReader(ctx: SubgraphContext): Claims {
  return requireRole(ctx, 'INSTRUCTEUR', 'CNSA');
}

/** The account id that signs a change (never empty for people). */
export function actorOf(claims: Claims): string {
  return claims.sub ?? `${claims.role.toLowerCase()}-anonyme`;
}

/** PostgreSQL unique violation (two concurrent requests creating the same row). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.code === '23505' || e?.driverError?.code === '23505';
}
