import { REDACTED_PATHS } from '@esms/server-kit';
import pino from 'pino';
import { Writable } from 'node:stream';
import { GatewayClient, startTestStack, type TestStack } from '../testing/stack';
import { TokenRateLimiter } from './rate-limit';

const DEMO_PASSWORD = 'demo-esms-numerique-2026';

describe('third-party API at the gateway: tokens, per-token rate limit, logs with the token id', () => {
  let stack: TestStack;
  const logLines: string[] = [];
  let cnsa: GatewayClient;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = pino({ level: 'info', redact: { paths: REDACTED_PATHS, censor: '[masqué]' } }, sink);
    stack = await startTestStack({ logger, sessionCacheMs: 1, apiRateLimit: { limit: 3, windowMs: 60_000 } });
    cnsa = new GatewayClient(stack.gateway.url);
    expect((await cnsa.post('/auth/login', { email: 'cnsa@demo.esms-numerique.fr', password: DEMO_PASSWORD })).status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function createToken(scopes: string[]): Promise<{ token: string; id: string }> {
    const created = await cnsa.graphql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }',
      { input: { label: 'Éditeur test', scopes, expiresInDays: 30 } },
    );
    expect(created.errors).toBeUndefined();
    return { token: created.data?.createApiToken.token as string, id: created.data?.createApiToken.apiToken.id as string };
  }

  const call = (token: string, query = '{ __typename }') =>
    fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });

  it('admits a valid token with X-RateLimit-* headers, answers 429 + Retry-After beyond the limit, counts per token', async () => {
    const a = await createToken(['aggregates:read']);
    const b = await createToken(['aggregates:read']);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(a.token);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
      remaining.push(res.headers.get('x-ratelimit-remaining') as string);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await call(a.token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('TOO_MANY_REQUESTS');
    // another token has its own window; people (cookies) are not limited by it
    expect((await call(b.token)).headers.get('x-ratelimit-remaining')).toBe('2');
    const me = await cnsa.graphql<{ me: { role: string } }>('{ me { role } }');
    expect(me.data?.me.role).toBe('CNSA');

    // every API call is logged with the token id, never the token
    const apiLines = logLines.filter((l) => l.includes('"api call"'));
    expect(apiLines.filter((l) => l.includes(`"apiTokenId":"${a.id}"`))).toHaveLength(4);
    expect(apiLines.some((l) => l.includes('"status":429'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(a.token);
    expect(logLines.join('\n')).not.toContain(b.token);
  });

  it('refuses a revoked token (401 UNAUTHENTICATED), and an unknown or forged one', async () => {
    const t = await createToken(['aggregates:read']);
    expect((await call(t.token)).status).toBe(200);
    const revoked = await cnsa.graphql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: t.id });
    expect(revoked.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 20)); // past the (test) claims cache
    const refused = await call(t.token);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await call('esms_forged_token_value')).status).toBe(401);
    expect((await call(`${t.token.slice(0, -2)}xx`)).status).toBe(401);
  });

  it('only CNSA creates tokens', async () => {
    const porteur = new GatewayClient(stack.gateway.url);
    await porteur.post('/auth/login', { email: 'porteur@demo.esms-numerique.fr', password: DEMO_PASSWORD });
    const attempt = await porteur.graphql('mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }', {
      input: { label: 'x', scopes: ['aggregates:read'], expiresInDays: 1 },
    });
    expect(attempt.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});

describe('TokenRateLimiter (fixed window per token id)', () => {
  it('resets with the next window', () => {
    let now = 1_000_000;
    const limiter = new TokenRateLimiter({ limit: 2, windowMs: 1000 }, () => now);
    expect(limiter.hit('t').allowed).toBe(true);
    expect(limiter.hit('t').allowed).toBe(true);
    const refused = limiter.hit('t');
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfter: 1 });
    now += 1000;
    expect(limiter.hit('t')).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.hit('u')).toMatchObject({ allowed: true, remaining: 1 });
  });
});
