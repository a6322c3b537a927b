import { CLAIMS_HEADER, REDACTED_PATHS, signClaims } from '@esms/server-kit';
import pino from 'pino';
import { Writable } from 'node:stream';
import { querySubgraph, testClaims } from '@esms/server-kit/testing';
import { composeSupergraph, CompositionError } from './compose';
import { startGateway, type RunningGateway } from './server';
import { GatewayClient, startTestStack, type TestStack } from './testing/stack';

const DEMO_PASSWORD = 'demo-esms-numerique-2026';
const ME = '{ me { id email displayName role regionCode departements organismes { finessEj name confirmed } } }';

describe('gateway (annuaire as a real process, real SMTP server)', () => {
  let stack: TestStack;
  let client: () => GatewayClient;
  const logLines: string[] = [];
  const secretsSeen: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = pino({ level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[masqué]' } }, sink);
    stack = await startTestStack({ logger });
    client = () => new GatewayClient(stack.gateway.url);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('composes the annuaire and answers /health', async () => {
    expect(stack.gateway.supergraphSdl).toContain('join__Graph');
    expect(stack.gateway.supergraphSdl).toMatch(/me: Me/);
    const health = await fetch(`${stack.gateway.url}/health`);
    expect(await health.json()).toEqual({ status: 'ok', subgraphs: ['annuaire'] });
  });

  it('logs in with an httpOnly cookie, and `me` answers through the gateway', async () => {
    const browser = client();
    expect((await browser.graphql(ME)).data).toEqual({ me: null });
    const login = await browser.post('/auth/login', { email: 'Porteur@demo.esms-numerique.fr', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.json).toEqual({ user: { id: expect.any(String), email: 'porteur@demo.esms-numerique.fr', displayName: expect.any(String), role: 'PORTEUR' } });
    const setCookie = browser.lastSetCookie ?? '';
    secretsSeen.push(DEMO_PASSWORD, (browser.cookie ?? '').split('=')[1]);
    expect(setCookie).toMatch(/^esms_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/i); // plain-HTTP dev on 127.0.0.1
    const me = await browser.graphql<{ me: { role: string; organismes: { finessEj: string; confirmed: boolean }[] } }>(ME);
    expect(me.data?.me).toMatchObject({ email: 'porteur@demo.esms-numerique.fr', role: 'PORTEUR' });
    expect(me.data?.me.organismes).toEqual([{ finessEj: '140599267', name: expect.any(String), confirmed: true }]);
    const instructeur = client();
    await instructeur.post('/auth/login', { email: 'instructeur.normandie@demo.esms-numerique.fr', password: DEMO_PASSWORD });
    expect((await instructeur.graphql(ME)).data?.['me']).toMatchObject({ role: 'INSTRUCTEUR', regionCode: '28' });
  });

  it('gives the same 401 for a wrong password and an unknown account', async () => {
    const wrong = await client().post('/auth/login', { email: 'cnsa@demo.esms-numerique.fr', password: 'pas le bon mot de passe' });
    const unknown = await client().post('/auth/login', { email: 'personne@demo.esms-numerique.fr', password: 'pas le bon mot de passe' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Adresse e-mail ou mot de passe incorrect.' });
    expect(unknown.json).toEqual(wrong.json);
    expect((await client().post('/auth/login', { email: 'x' })).status).toBe(400);
  });

  it('locks an account after 6 failures: 429 with Retry-After, even with the right password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await client().post('/auth/login', { email: 'instructeur.paca@demo.esms-numerique.fr', password: `faux ${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await client().post('/auth/login', { email: 'instructeur.paca@demo.esms-numerique.fr', password: DEMO_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.json).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/réessayez/) });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(3500);
  });

  it('signs up, e-mails the activation link over SMTP, activates, then logs in', async () => {
    const browser = client();
    const input = { email: 'nouvelle.porteuse@exemple.fr', password: 'une phrase de passe longue', displayName: 'Nora Porteuse' };
    const signUp = await browser.graphql<{ signUp: { ok: boolean; message: string } }>('mutation($input: SignUpInput!) { signUp(input: $input) { ok message } }', { input });
    expect(signUp.data?.signUp.ok).toBe(true);
    const mail = await stack.smtp.waitFor((m) => m.to.includes('nouvelle.porteuse@exemple.fr'));
    const link = /http:\/\/127\.0\.0\.1:4200\/activation\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
    expect(link).not.toBeNull();

    const pending = await browser.post('/auth/login', { email: input.email, password: input.password });
    expect(pending.status).toBe(403);
    expect(pending.json).toMatchObject({ code: 'ACCOUNT_NOT_ACTIVE' });

    const activated = await browser.graphql('mutation($t: String!) { activateAccount(token: $t) }', { t: link?.[1] });
    expect(activated.data).toEqual({ activateAccount: true });
    expect((await browser.post('/auth/login', { email: input.email, password: input.password })).status).toBe(200);
    expect((await browser.graphql(ME)).data?.['me']).toMatchObject({ email: input.email, role: 'PORTEUR', organismes: [] });

    // the porteur attaches an organisme: the claims follow at once (the mutation drops the cached session)
    const attached = await browser.graphql('mutation($f: String!) { attachOrganisme(finessEj: $f) { organismes { finessEj confirmed } } }', { f: '140599267' });
    expect(attached.data).toEqual({ attachOrganisme: { organismes: [{ finessEj: '140599267', confirmed: true }] } });
  });

  it('logs out: 204, cookie cleared, session revoked', async () => {
    const browser = client();
    await browser.post('/auth/login', { email: 'cd.calvados@demo.esms-numerique.fr', password: DEMO_PASSWORD });
    const session = browser.cookie;
    expect((await browser.graphql(ME)).data?.['me']).toMatchObject({ role: 'CD', departements: ['14'] });
    const out = await browser.post('/auth/logout');
    expect(out.status).toBe(204);
    expect(browser.lastSetCookie).toMatch(/^esms_session=;.*Max-Age=0/i);
    const replay = new GatewayClient(stack.gateway.url);
    replay.cookie = session;
    expect((await replay.graphql(ME)).data).toEqual({ me: null });
  });

  it('authenticates API clients by bearer token, stored hashed and listed by prefix only', async () => {
    const cnsa = client();
    await cnsa.post('/auth/login', { email: 'cnsa@demo.esms-numerique.fr', password: DEMO_PASSWORD });
    const created = await cnsa.graphql<{ createApiToken: { token: string; apiToken: { id: string; prefix: string } } }>(
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id prefix scopes } } }',
      { input: { label: 'Éditeur DUI de démonstration', scopes: ['measurements:write'], expiresInDays: 30 } },
    );
    const token = created.data?.createApiToken.token as string;
    secretsSeen.push(token);
    expect(token).toMatch(/^esms_/);
    const listed = await cnsa.graphql<{ apiTokens: { id: string; prefix: string }[] }>('{ apiTokens { id prefix label scopes } }');
    expect(listed.data?.apiTokens).toContainEqual({ id: created.data?.createApiToken.apiToken.id, prefix: token.slice(0, 12), label: 'Éditeur DUI de démonstration', scopes: ['measurements:write'] });
    expect(listed.text).not.toContain(token);

    const api = new GatewayClient(stack.gateway.url, { authorization: `Bearer ${token}` });
    const regions = await api.graphql<{ regions: { code: string }[] }>('{ regions { code } }');
    expect(regions.status).toBe(200);
    expect(regions.data?.regions.length).toBeGreaterThan(0);
    // authenticated as an API client (FORBIDDEN), not as the public (UNAUTHENTICATED)
    expect((await api.graphql('{ apiTokens { id } }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.graphql(ME)).data).toEqual({ me: null });

    const forged = new GatewayClient(stack.gateway.url, { authorization: 'Bearer esms_forged-token-that-does-not-exist-000000000' });
    const refused = await forged.graphql('{ regions { code } }');
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await cnsa.graphql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: created.data?.createApiToken.apiToken.id });
    // a gateway that has not cached the token refuses it at once (others within 30 s)
    const fresh = await startGateway({ subgraphs: [{ name: 'annuaire', url: stack.annuaire.baseUrl }] });
    try {
      expect((await new GatewayClient(fresh.url, { authorization: `Bearer ${token}` }).graphql('{ regions { code } }')).status).toBe(401);
    } finally {
      await fresh.stop();
    }
  });

  it('lets nothing reach the annuaire without gateway claims', async () => {
    const res = await querySubgraph(`${stack.annuaire.baseUrl}/graphql`, ME, {}, null);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('ignores a client-supplied x-esms-claims header, even a validly signed one', async () => {
    const cnsaClaims = { ...testClaims.cnsa(), sub: '00000000-0000-4000-8000-000000000000' };
    const intruder = new GatewayClient(stack.gateway.url, { [CLAIMS_HEADER]: await signClaims(cnsaClaims) });
    expect((await intruder.graphql(ME)).data).toEqual({ me: null });
    expect((await intruder.graphql('{ apiTokens { id } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers the federated regions query anonymously', async () => {
    const res = await client().graphql<{ regions: { code: string; name: string }[] }>('{ regions { code name } }');
    expect(res.data?.regions).toContainEqual({ code: '28', name: 'Normandie' });
  });

  it('keeps CSRF prevention on and limits aliases', async () => {
    const simple = await fetch(`${stack.gateway.url}/graphql?query=${encodeURIComponent('{ regions { code } }')}`);
    expect(simple.status).toBe(400);
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: regions { code }`).join(' ');
    const res = await client().graphql(`{ ${aliases} }`);
    expect(res.errors?.[0]?.message).toMatch(/alias/i);
    const tooBig = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(tooBig.status).toBe(413);
  });

  it('limits failed logins per IP', async () => {
    const limited: RunningGateway = await startGateway({ subgraphs: [{ name: 'annuaire', url: stack.annuaire.baseUrl }], loginFailuresPerIp: 3 });
    try {
      const browser = new GatewayClient(limited.url);
      for (let i = 0; i < 3; i++) expect((await browser.post('/auth/login', { email: `inconnu${i}@exemple.fr`, password: 'x' })).status).toBe(401);
      const blocked = await browser.post('/auth/login', { email: 'cnsa@demo.esms-numerique.fr', password: DEMO_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });

  it('logs requests without passwords, session cookies or API tokens', () => {
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.join('')).toContain('/auth/login');
    for (const secret of secretsSeen.filter(Boolean)) expect(logLines.join('')).not.toContain(secret);
  });

  it('masks the error when a subgraph is down (no internal URL in the answer)', async () => {
    await stack.annuaire.stop();
    const res = await client().graphql('{ regions { code } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(res.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|request to/);
  });
});

describe('composition', () => {
  it('fails loudly with the composition errors', () => {
    const a = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\ntype Query { a: Thing }\ntype Thing { id: ID! value: Int }';
    const b = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\ntype Query { b: Thing }\ntype Thing { id: ID! value: String }';
    expect(() => composeSupergraph([{ name: 'a', url: 'http://127.0.0.1:1', sdl: a }, { name: 'b', url: 'http://127.0.0.1:2', sdl: b }])).toThrow(CompositionError);
    try {
      composeSupergraph([{ name: 'a', url: 'http://127.0.0.1:1', sdl: a }, { name: 'b', url: 'http://127.0.0.1:2', sdl: b }]);
    } catch (error) {
      expect((error as CompositionError).errors.join('\n')).toMatch(/Thing/);
    }
    expect(() => composeSupergraph([])).toThrow(/aucun sous-graphe/);
  });
});
