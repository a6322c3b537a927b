import argon2 from 'argon2';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Opaque random tokens (sessions, one-time links, API tokens): 256 bits, URL-safe. */
export function generateToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What is stored for a token: its SHA-256 (hex). A stolen database does not yield usable tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** API tokens read `esms_<43 chars>`; the first 12 characters are kept in clear to recognise a token in a list. */
export const API_TOKEN_PREFIX = 'esms_';
export const API_TOKEN_DISPLAY_LENGTH = 12;
export function apiTokenDisplayPrefix(token: string): string {
  return token.slice(0, API_TOKEN_DISPLAY_LENGTH);
}

export const MIN_PASSWORD_LENGTH = 12;

/** argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane); `verify` reads the parameters from the hash. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/**
 * A hash to verify against when the account does not exist, so an unknown e-mail costs the same
 * time as a wrong password (no account enumeration by timing).
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(generateToken());
  return dummyHash;
}
