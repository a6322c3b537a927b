import { PUBLIC_CLAIMS, callInternal, type Claims } from '@esms/server-kit';
import { createHash } from 'node:crypto';

export const SESSION_COOKIE = 'esms_session';

export interface LoginUser {
  id: string;
  email: string;
  displayName: string;
  role: string;
}
export type LoginAnswer =
  | { ok: true; sessionToken: string; expiresAt?: string; user: LoginUser; claims: Claims }
  | { ok: false; code: 'INVALID_CREDENTIALS' | 'TOO_MANY_ATTEMPTS' | 'ACCOUNT_NOT_ACTIVE'; retryAfterSeconds?: number };

/** The annuaire's internal authentication routes, called as the `gateway` service. */
export class IdentityClient {
  constructor(private readonly annuaireBaseUrl: string) {}

  login(email: string, password: string, ip: string): Promise<LoginAnswer> {
    return callInternal<LoginAnswer>(this.annuaireBaseUrl, 'auth/login', { email, password, ip }, 'gateway');
  }
  async session(token: string): Promise<Claims | null> {
    return (await callInternal<{ claims: Claims | null }>(this.annuaireBaseUrl, 'auth/session', { token }, 'gateway')).claims;
  }
  async apiToken(token: string): Promise<Claims | null> {
    return (await callInternal<{ claims: Claims | null }>(this.annuaireBaseUrl, 'auth/api-token', { token }, 'gateway')).claims;
  }
  async logout(token: string): Promise<void> {
    await callInternal(this.annuaireBaseUrl, 'auth/logout', { token }, 'gateway');
  }
}

const keyOf = (kind: string, token: string) => `${kind}:${createHash('sha256').update(token).digest('hex')}`;

/**
 * Resolved sessions and API tokens, kept at most `ttlMs` (30 s): a revoked session stops working
 * within that delay everywhere, at once on this gateway (logout, and any mutation by the session
 * drops its entry so new organismes appear in the claims at once).
 */
export class ClaimsCache {
  private readonly entries = new Map<string, { claims: Claims | null; until: number }>();
  constructor(private readonly ttlMs = 30_000, private readonly maxEntries = 50_000) {}

  async resolve(kind: 'session' | 'api', token: string, load: () => Promise<Claims | null>): Promise<Claims | null> {
    const key = keyOf(kind, token);
    const hit = this.entries.get(key);
    if (hit && hit.until > Date.now()) return hit.claims;
    const claims = await load();
    this.set(kind, token, claims);
    return claims;
  }
  set(kind: 'session' | 'api', token: string, claims: Claims | null): void {
    if (this.entries.size >= this.maxEntries) {
      const now = Date.now();
      for (const [k, v] of this.entries) if (v.until <= now) this.entries.delete(k);
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(keyOf(kind, token), { claims, until: Date.now() + this.ttlMs });
  }
  drop(kind: 'session' | 'api', token: string): void {
    this.entries.delete(keyOf(kind, token));
  }
}

/** Failed logins per IP in a sliding window (e.g. 30 / 15 min), on top of the per-account lock of the annuaire. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(readonly max = 30, readonly windowMs = 15 * 60_000) {}

  private recent(ip: string): number[] {
    const cutoff = Date.now() - this.windowMs;
    const list = (this.failures.get(ip) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(ip, list);
    else this.failures.delete(ip);
    return list;
  }
  /** Seconds to wait when the IP is over the limit, else 0. */
  retryAfter(ip: string): number {
    const list = this.recent(ip);
    if (list.length < this.max) return 0;
    return Math.max(1, Math.ceil((list[list.length - this.max] + this.windowMs - Date.now()) / 1000));
  }
  fail(ip: string): void {
    const list = this.recent(ip);
    list.push(Date.now());
    this.failures.set(ip, list);
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value as string);
  }
}

export { PUBLIC_CLAIMS };
