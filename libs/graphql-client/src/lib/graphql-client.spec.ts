import { createApolloClient, ME_QUERY, login, gatewayErrorInfo } from '../index';
import { CombinedGraphQLErrors } from '@apollo/client/errors';

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name: string) => headers[name] ?? headers[name.toLowerCase()] ?? null },
    json: async () => body,
    text: async () => text,
  };
}

describe('login', () => {
  it('returns the user on 200', async () => {
    const fetchMock = jest.fn().mockResolvedValue(
      jsonResponse(200, { user: { id: 'u1', email: 'a@b.fr', displayName: 'A', role: 'PORTEUR' } }),
    );
    const result = await login({ email: 'a@b.fr', password: 'x' }, fetchMock as unknown as typeof fetch);
    expect(result).toEqual({ ok: true, user: { id: 'u1', email: 'a@b.fr', displayName: 'A', role: 'PORTEUR' } });
    expect(fetchMock).toHaveBeenCalledWith('/auth/login', expect.objectContaining({ method: 'POST', credentials: 'same-origin' }));
  });

  it('keeps the French message of a 401', async () => {
    const fetchMock = jest.fn().mockResolvedValue(
      jsonResponse(401, { code: 'INVALID_CREDENTIALS', message: 'Identifiants incorrects.' }),
    );
    expect(await login({ email: 'a@b.fr', password: 'x' }, fetchMock as unknown as typeof fetch)).toEqual({
      ok: false,
      code: 'INVALID_CREDENTIALS',
      message: 'Identifiants incorrects.',
    });
  });

  it('recognises a 403 ACCOUNT_NOT_ACTIVE and keeps its message', async () => {
    const fetchMock = jest.fn().mockResolvedValue(
      jsonResponse(403, { code: 'ACCOUNT_NOT_ACTIVE', message: 'Compte non activé.' }),
    );
    expect(await login({ email: 'a@b.fr', password: 'x' }, fetchMock as unknown as typeof fetch)).toEqual({
      ok: false,
      code: 'ACCOUNT_NOT_ACTIVE',
      message: 'Compte non activé.',
    });
  });

  it('reads Retry-After on a 429', async () => {
    const fetchMock = jest.fn().mockResolvedValue(
      jsonResponse(429, { code: 'TOO_MANY_ATTEMPTS', message: 'Trop de tentatives.' }, { 'Retry-After': '120' }),
    );
    const result = await login({ email: 'a@b.fr', password: 'x' }, fetchMock as unknown as typeof fetch);
    expect(result).toMatchObject({ ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 120 });
  });

  it('reports an unreachable gateway', async () => {
    const fetchMock = jest.fn().mockRejectedValue(new TypeError('Failed to fetch'));
    expect(await login({ email: 'a@b.fr', password: 'x' }, fetchMock as unknown as typeof fetch)).toEqual({
      ok: false,
      code: 'UNAVAILABLE',
    });
  });
});

describe('createApolloClient', () => {
  it('posts to /graphql with the CSRF preflight header and same-origin credentials', async () => {
    const fetchMock = jest.fn().mockImplementation(async () => ({
      ...jsonResponse(200, { data: { me: null } }, { 'content-type': 'application/json' }),
    }));
    const client = createApolloClient({ fetch: fetchMock as unknown as typeof fetch });
    const { data } = await client.query({ query: ME_QUERY });
    expect(data).toEqual({ me: null });
    const [uri, init] = fetchMock.mock.calls[0];
    expect(uri).toBe('/graphql');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers['apollo-require-preflight']).toBe('true');
  });
});

describe('gatewayErrorInfo', () => {
  it('reads extensions.code and the message of a GraphQL error', () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'Numéro FINESS inconnu : 123', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect(gatewayErrorInfo(error)).toEqual({ code: 'BAD_USER_INPUT', message: 'Numéro FINESS inconnu : 123' });
  });

  it('treats anything else as a network failure', () => {
    expect(gatewayErrorInfo(new TypeError('Failed to fetch'))).toEqual({ code: 'NETWORK' });
  });
});
