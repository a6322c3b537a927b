import type { Claims, Logger } from '@esms/server-kit';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Per-token rate limit of the third-party API: a fixed window per API token id, kept in this
 * gateway's memory — with several gateway instances each one counts on its own (per-instance limit).
 * Configured by `ESMS_API_RATE_LIMIT` (requests per window, default 600) and
 * `ESMS_API_RATE_WINDOW_SECONDS` (default 60).
 */
export interface RateLimitConfig {
  limit: number;
  windowMs: number;
}

export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitConfig {
  const limit = Number(env['ESMS_API_RATE_LIMIT'] ?? 600);
  const seconds = Number(env['ESMS_API_RATE_WINDOW_SECONDS'] ?? 60);
  return {
    limit: Number.isInteger(limit) && limit > 0 ? limit : 600,
    windowMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 60) * 1000,
  };
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix time (seconds) when the window resets. */
  reset: number;
  /** Seconds to wait when refused. */
  retryAfter: number;
}

export class TokenRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(readonly config: RateLimitConfig, private readonly now: () => number = Date.now) {}

  hit(key: string): RateDecision {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.config.windowMs) {
      window = { start: now - ((now - (window?.start ?? now)) % this.config.windowMs), count: 0 };
      if (this.windows.size > 100_000) this.sweep(now);
      this.windows.set(key, window);
    }
    const resetMs = window.start + this.config.windowMs;
    const allowed = window.count < this.config.limit;
    if (allowed) window.count += 1;
    return {
      allowed,
      limit: this.config.limit,
      remaining: Math.max(0, this.config.limit - window.count),
      reset: Math.ceil(resetMs / 1000),
      retryAfter: Math.max(1, Math.ceil((resetMs - now) / 1000)),
    };
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.config.windowMs) this.windows.delete(key);
  }
}

/** The token id the annuaire resolved with the claims (never the token itself). */
export function apiTokenIdOf(claims: Claims): string | null {
  if (claims.role !== 'API_CLIENT') return null;
  return (claims as Claims & { apiTokenId?: string }).apiTokenId ?? claims.sub;
}

/**
 * For a request authenticated by an API token: logs it with the token id (one line when it ends), sets the
 * `X-RateLimit-*` headers and answers 429 with `Retry-After` beyond the limit. Returns false when it answered.
 */
export function createApiClientGuard(options: { logger: Logger; config?: RateLimitConfig }) {
  const limiter = new TokenRateLimiter(options.config ?? rateLimitFromEnv());
  return function admit(req: IncomingMessage, res: ServerResponse, claims: Claims, path: string): boolean {
    const apiTokenId = apiTokenIdOf(claims);
    if (!apiTokenId) return true;
    const started = Date.now();
    res.on('finish', () => {
      options.logger.info({ apiTokenId, apiClientId: claims.sub, method: req.method, path, status: res.statusCode, ms: Date.now() - started }, 'api call');
    });
    const decision = limiter.hit(apiTokenId);
    res.setHeader('x-ratelimit-limit', String(decision.limit));
    res.setHeader('x-ratelimit-remaining', String(decision.remaining));
    res.setHeader('x-ratelimit-reset', String(decision.reset));
    if (decision.allowed) return true;
    const body = JSON.stringify({
      errors: [
        {
          message: `Limite de ${decision.limit} requêtes par fenêtre atteinte pour ce jeton : réessayez dans ${decision.retryAfter} s (en-tête Retry-After).`,
          extensions: { code: 'TOO_MANY_REQUESTS' },
        },
      ],
    });
    res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(decision.retryAfter), 'cache-control': 'no-store' });
    res.end(body);
    return false;
  };
}
