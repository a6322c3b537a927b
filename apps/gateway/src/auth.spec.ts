import { PUBLIC_CLAIMS } from '@esms/server-kit';
import { ClaimsCache, FailureLimiter } from './auth';
import { graphqlUrlOf, subgraphsFromEnv } from './compose';
import { formatGatewayError } from './server';

describe('edge authentication pieces', () => {
  it('limits failures per IP in a sliding window', () => {
    const limiter = new FailureLimiter(3, 60_000);
    expect(limiter.retryAfter('1.2.3.4')).toBe(0);
    for (let i = 0; i < 3; i++) limiter.fail('1.2.3.4');
    expect(limiter.retryAfter('1.2.3.4')).toBeGreaterThan(0);
    expect(limiter.retryAfter('1.2.3.4')).toBeLessThanOrEqual(60);
    expect(limiter.retryAfter('5.6.7.8')).toBe(0);
  });

  it('caches resolved sessions (also negative answers) and drops them on demand', async () => {
    const cache = new ClaimsCache(30_000);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return PUBLIC_CLAIMS;
    };
    await cache.resolve('session', 'token-a', load);
    await cache.resolve('session', 'token-a', load);
    expect(loads).toBe(1);
    cache.drop('session', 'token-a');
    await cache.resolve('session', 'token-a', load);
    expect(loads).toBe(2);
    await cache.resolve('api', 'token-a', load);
    expect(loads).toBe(3);
    const expired = new ClaimsCache(0);
    await expired.resolve('session', 't', load);
    await expired.resolve('session', 't', load);
    expect(loads).toBe(5);
  });

  it('reads the subgraph URLs from the environment', () => {
    expect(subgraphsFromEnv({ ESMS_ANNUAIRE_URL: 'http://127.0.0.1:4001', ESMS_GRADING_URL: 'http://127.0.0.1:4003/graphql' })).toEqual([
      { name: 'annuaire', url: 'http://127.0.0.1:4001' },
      { name: 'grading-grid', url: 'http://127.0.0.1:4003/graphql' },
    ]);
    expect(graphqlUrlOf('http://127.0.0.1:4001')).toBe('http://127.0.0.1:4001/graphql');
    expect(graphqlUrlOf('http://127.0.0.1:4001/graphql')).toBe('http://127.0.0.1:4001/graphql');
  });

  it('masks unknown errors and drops the subgraph name', () => {
    expect(formatGatewayError({ message: 'request to http://127.0.0.1:4001/graphql failed, reason: ECONNREFUSED', extensions: { code: 'INTERNAL_SERVER_ERROR' } })).toEqual({
      message: expect.stringMatching(/Une erreur interne/),
      path: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(formatGatewayError({ message: 'Introuvable.', extensions: { code: 'NOT_FOUND', serviceName: 'annuaire' } }).extensions).toEqual({ code: 'NOT_FOUND' });
  });
});
