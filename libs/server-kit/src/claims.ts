import { SignJWT, jwtVerify } from 'jose';

/**
 * Who is calling, as established by the gateway. The gateway authenticates (session cookie or API
 * token) and forwards these claims, signed and short-lived, in the `x-esms-claims` header; each
 * subgraph verifies them and refuses a request without them.
 */
export type Role = 'PORTEUR' | 'INSTRUCTEUR' | 'CD' | 'CNSA' | 'API_CLIENT' | 'PUBLIC' | 'SERVICE';
export const PERSON_ROLES = ['PORTEUR', 'INSTRUCTEUR', 'CD', 'CNSA'] as const;

export interface Claims {
  /** Account id (people), API client id (third parties), service name (subgraph to subgraph); null when public. */
  sub: string | null;
  role: Role;
  email?: string;
  /** PORTEUR: the FINESS EJ of the organismes gestionnaires the account acts for. */
  organismes: string[];
  /** INSTRUCTEUR: its ARS region (INSEE code). */
  regionCode: string | null;
  /** CD: the départements of the conseil départemental. */
  departements: string[];
  /** API_CLIENT: the scopes of its token (e.g. `measurements:write`). */
  scopes: string[];
}

export const CLAIMS_HEADER = 'x-esms-claims';
const ISSUER = 'esms-gateway';
const AUDIENCE = 'esms-subgraphs';

export const PUBLIC_CLAIMS: Claims = { sub: null, role: 'PUBLIC', organismes: [], regionCode: null, departements: [], scopes: [] };

export function serviceClaims(service: string): Claims {
  return { sub: service, role: 'SERVICE', organismes: [], regionCode: null, departements: [], scopes: [] };
}

/** The secret shared by the gateway and the subgraphs. `npm start` generates one per run. */
export function gatewaySecret(): Uint8Array {
  const secret = process.env['ESMS_GATEWAY_SECRET'];
  if (!secret || secret.length < 32) {
    throw new Error('ESMS_GATEWAY_SECRET must be set (at least 32 characters), identical for the gateway and every subgraph.');
  }
  return new TextEncoder().encode(secret);
}

export async function signClaims(claims: Claims, secret = gatewaySecret(), ttlSeconds = 60): Promise<string> {
  return new SignJWT({ claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);
}

/** Returns the claims, or null when the token is missing, forged, expired or malformed. */
export async function verifyClaims(token: string | undefined | null, secret = gatewaySecret()): Promise<Claims | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    const claims = payload['claims'] as Claims | undefined;
    if (!claims || typeof claims.role !== 'string') return null;
    return {
      sub: claims.sub ?? null,
      role: claims.role,
      email: claims.email,
      organismes: claims.organismes ?? [],
      regionCode: claims.regionCode ?? null,
      departements: claims.departements ?? [],
      scopes: claims.scopes ?? [],
    };
  } catch {
    return null;
  }
}
