/**
 * Hardening at the edge (issue 8, lines 6–10; SECURITY.md): limits, production mode, allow-list of the
 * apps' operations, CSRF, timeouts and masked errors — against real subgraph processes.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_PAGE_SIZE } from './page-size';
import { MANIFEST_PATH, OperationAllowList, buildManifest, normalizeOperation, operationHash } from './persisted-operations';
import { startGateway, type RunningGateway } from './server';
import { GatewayClient, startSmtpServer, startSubgraphProcess, type SubgraphProcess } from './testing/stack';

const DEMO_PASSWORD = 'demo-esms-numerique-2026';
type Smtp = Awaited<ReturnType<typeof startSmtpServer>>;

async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text(), setCookie: response.headers.get('set-cookie') };
}

describe('gateway hardening (annuaire and candidature as real processes)', () => {
  let smtp: Smtp;
  let annuaire: SubgraphProcess;
  let candidature: SubgraphProcess;
  let dev: RunningGateway;
  let prod: RunningGateway;
  const manifest = OperationAllowList.load();
  const knownDocument = Object.values((JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as { operations: Record<string, string> }).operations).find((d) => d.startsWith('query DuiSolutions {'));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    annuaire = await startSubgraphProcess('annuaire', 'subgraph-annuaire', { ESMS_DEMO: '1', SMTP_URL: smtp.url }, 240_000);
    candidature = await startSubgraphProcess('candidature', 'subgraph-candidature', { ESMS_ANNUAIRE_URL: annuaire.baseUrl }, 240_000);
    const subgraphs = [
      { name: 'annuaire', url: annuaire.baseUrl },
      { name: 'candidature', url: candidature.baseUrl },
    ];
    dev = await startGateway({ subgraphs, production: false, waitForSubgraphsMs: 20_000 });
    prod = await startGateway({ subgraphs, production: true, waitForSubgraphsMs: 20_000 });
  }, 300_000);

  afterAll(async () => {
    await dev?.stop();
    await prod?.stop();
    await candidature?.stop();
    await annuaire?.stop();
    await smtp?.stop();
  });

  describe('limits (line 7)', () => {
    const deep = '{ regions { ars { referents { name } } grades { contacts { name } } establishments: code } }';
    const nested = (n: number) => `{ ${'organisme(finessEj: "140599267") { establishments { organisme { '.repeat(n)}finessEj${' } } }'.repeat(n)} }`;
    const cases: [string, string][] = [
      ['depth', nested(4)],
      ['aliases', `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: regions { code }`).join(' ')} }`],
      ['directives', `{ regions { code ${'@include(if: true) '.repeat(51)} } }`],
      ['tokens', `{ regions { ${'code '.repeat(2100)} } }`],
      // few tokens, no alias, shallow: the same fragment spread 300 times
      ['cost', `{ regions { ${'...F '.repeat(300)}} } fragment F on Region { code name isOverseas ars { genericEmails referents { name email } } }`],
    ];

    it.each(cases)('refuses a query over the %s limit, with the limit in dev and without it in production', async (kind, query) => {
      const inDev = await new GatewayClient(dev.url).graphql(query);
      expect(inDev.data).toBeUndefined();
      expect(inDev.errors?.length).toBeGreaterThan(0);
      const inProd = await new GatewayClient(prod.url, { authorization: '' }).graphql(query);
      expect(inProd.data).toBeUndefined();
      expect(inProd.errors?.[0]?.message).not.toMatch(/\d{2,}|limit/i);
      if (kind !== 'cost') expect(inDev.errors?.[0]?.message).toMatch(/\d/); // dev says which limit
    });

    it('accepts an ordinary query', async () => {
      expect((await new GatewayClient(dev.url).graphql(deep)).errors).toBeUndefined();
    });

    it('refuses batched requests (a JSON array body)', async () => {
      const batch = await post(dev.graphqlUrl, JSON.stringify([{ query: '{ regions { code } }' }, { query: '{ regions { name } }' }]), {
        'content-type': 'application/json',
        'apollo-require-preflight': 'true',
      });
      expect(batch.status).toBe(400);
      expect(batch.text).not.toContain('"code":"28"');
    });

    it(`caps every page size at ${MAX_PAGE_SIZE}, literal or variable`, async () => {
      const client = new GatewayClient(dev.url);
      const lists = [
        `{ searchEstablishments(query: "ehpad", limit: ${MAX_PAGE_SIZE + 1}) { finess } }`,
        `{ candidatures(limit: 500) { id } }`,
        `{ instructionQueue(limit: 101) { total } }`,
        `{ dashboardFiles(limit: 200) { total } }`,
        `{ regions { candidatures(limit: 1000) { id } } }`,
      ];
      for (const query of lists) {
        const res = await client.graphql(query);
        expect({ query, code: res.errors?.[0]?.extensions?.code, data: res.data }).toEqual({ query, code: 'BAD_USER_INPUT', data: undefined });
      }
      const byVariable = await client.graphql('query($n: Int!) { searchEstablishments(query: "ehpad", limit: $n) { finess } }', { n: 5000 });
      expect(byVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const atCap = await client.graphql('query($n: Int!) { searchEstablishments(query: "ehpad", limit: $n) { finess } }', { n: MAX_PAGE_SIZE });
      expect(atCap.errors).toBeUndefined();
    });

    it('answers 503 when a request takes longer than the timeout', async () => {
      const sdl = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\ntype Query { slow: String }';
      const slow: Server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const reply = (data: unknown) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ data }));
          };
          if (body.includes('_service')) return reply({ _service: { sdl } });
          setTimeout(() => reply({ slow: 'trop tard' }), 3000).unref();
        });
      });
      await new Promise<void>((done) => slow.listen(0, '127.0.0.1', done));
      const gateway = await startGateway({ subgraphs: [{ name: 'slow', url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}` }], requestTimeoutMs: 500 });
      try {
        const started = Date.now();
        const res = await new GatewayClient(gateway.url).graphql('{ slow }');
        expect(res.status).toBe(503);
        expect(res.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
        expect(Date.now() - started).toBeLessThan(2500);
      } finally {
        await gateway.stop();
        slow.closeAllConnections();
        await new Promise<void>((done) => slow.close(() => done()));
      }
    });
  });

  describe('production mode (lines 6 and 8)', () => {
    it('turns introspection and field suggestions off in production only', async () => {
      const introspection = '{ __schema { queryType { name } } }';
      expect((await new GatewayClient(dev.url, { authorization: '' }).graphql(introspection)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const api = { authorization: '' };
      const refused = await new GatewayClient(prod.url, api).graphql(introspection);
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.[0]?.message).toMatch(/introspection/i);

      const typo = '{ regions { cod } }';
      expect((await new GatewayClient(dev.url).graphql(typo)).errors?.[0]?.message).toMatch(/Did you mean/);
      const quiet = await new GatewayClient(prod.url, api).graphql(typo);
      expect(quiet.errors?.[0]?.message).toMatch(/cod/);
      expect(quiet.errors?.[0]?.message).not.toMatch(/Did you mean|"code"/);
    });

    it('sets Secure, HttpOnly, SameSite session cookies in production (not on local plain-HTTP dev)', async () => {
      const prodLogin = await post(`${prod.url}/auth/login`, JSON.stringify({ email: 'porteur@demo.esms-numerique.fr', password: DEMO_PASSWORD }), { 'content-type': 'application/json' });
      expect(prodLogin.status).toBe(200);
      expect(prodLogin.setCookie).toMatch(/HttpOnly/i);
      expect(prodLogin.setCookie).toMatch(/SameSite=Lax/i);
      expect(prodLogin.setCookie).toMatch(/;\s*Secure/i);
      const devLogin = await post(`${dev.url}/auth/login`, JSON.stringify({ email: 'porteur@demo.esms-numerique.fr', password: DEMO_PASSWORD }), { 'content-type': 'application/json' });
      expect(devLogin.setCookie).not.toMatch(/Secure/i);
    });

    it('accepts only the apps’ own operations from browsers in production; API clients may send others', async () => {
      expect(manifest.size).toBeGreaterThan(20);
      expect(knownDocument).toBeDefined();
      const browser = new GatewayClient(prod.url, { origin: 'https://porteur.esms-numerique.fr' });
      const unknown = await browser.graphql('{ regions { code name } }');
      expect(unknown.status).toBe(403);
      expect(unknown.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // the same document as the app sends it (Apollo Client adds __typename), or by hash
      const withTypename = (knownDocument as string).replace(/duiSolutions \{/, 'duiSolutions {\n    __typename');
      expect((await browser.graphql(withTypename)).errors).toBeUndefined();
      const byHash = await fetch(prod.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', origin: 'https://porteur.esms-numerique.fr' },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: operationHash(normalizeOperation(knownDocument as string) as string) } } }),
      });
      expect(byHash.status).toBe(200);
      expect(Array.isArray(((await byHash.json()) as { data?: { duiSolutions?: unknown[] } }).data?.duiSolutions)).toBe(true);
      // in dev, any operation (tools, GraphiQL)
      expect((await new GatewayClient(dev.url, { origin: 'http://127.0.0.1:4200' }).graphql('{ regions { code name } }')).errors).toBeUndefined();

      // an API client (bearer token) may send its own operations, within the limits
      const cnsa = new GatewayClient(dev.url);
      expect((await cnsa.post('/auth/login', { email: 'cnsa@demo.esms-numerique.fr', password: DEMO_PASSWORD })).status).toBe(200);
      const created = await cnsa.graphql<{ createApiToken: { token: string } }>(
        'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
        { input: { label: 'Test allow-list', scopes: ['measurements:write'], expiresInDays: 1 } },
      );
      const api = new GatewayClient(prod.url, { authorization: `Bearer ${created.data?.createApiToken.token}` });
      const own = await api.graphql('{ regions { code name } }');
      expect(own.errors).toBeUndefined();
      expect((await api.graphql(`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: regions { code }`).join(' ')} }`)).errors?.length).toBeGreaterThan(0);
    });

    it('lets the apps’ own operations through without the limits', async () => {
      const heavy = `query Heavy { ${Array.from({ length: 20 }, (_, i) => `a${i}: regions { code }`).join(' ')} }`;
      const allowList = new OperationAllowList({ [operationHash(normalizeOperation(heavy) as string)]: normalizeOperation(heavy) as string });
      const gateway = await startGateway({ subgraphs: [{ name: 'annuaire', url: annuaire.baseUrl }], allowList, production: true, waitForSubgraphsMs: 20_000 });
      try {
        const browser = new GatewayClient(gateway.url, { origin: 'https://cnsa.esms-numerique.fr' });
        expect((await browser.graphql(heavy)).errors).toBeUndefined();
        expect((await browser.graphql(heavy.replace('a19', 'b19'))).status).toBe(403);
      } finally {
        await gateway.stop();
      }
    });

    it('keeps persisted-operations.json in step with the apps’ gql documents (nx run gateway:persisted-operations)', () => {
      const onDisk = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as { operations: Record<string, string> };
      expect(Object.keys(buildManifest().operations).sort()).toEqual(Object.keys(onDisk.operations).sort());
    });
  });

  describe('CSRF (line 9)', () => {
    const forms: [string, Record<string, string>, string][] = [
      ['text/plain', { 'content-type': 'text/plain' }, JSON.stringify({ query: 'mutation { requestPasswordReset(email: "porteur@demo.esms-numerique.fr") }' })],
      ['form-urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }, 'query=mutation%20%7B%20requestPasswordReset(email%3A%20%22porteur%40demo.esms-numerique.fr%22)%20%7D'],
      ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"mutation { requestPasswordReset(email: \\"porteur@demo.esms-numerique.fr\\") }"}\r\n--x--\r\n'],
    ];

    it.each(forms)('refuses a %s POST without the preflight header on /graphql, /auth/login and /auth/logout', async (_kind, headers, body) => {
      const mailsBefore = smtp.mails.length;
      const graphql = await post(dev.graphqlUrl, body, headers);
      expect(graphql.status).toBe(400);
      expect(graphql.text).not.toContain('"data"');
      const login = await post(`${dev.url}/auth/login`, JSON.stringify({ email: 'porteur@demo.esms-numerique.fr', password: DEMO_PASSWORD }), headers);
      expect(login.status).toBeGreaterThanOrEqual(400);
      expect(login.setCookie).toBeNull();
      const logout = await post(`${dev.url}/auth/logout`, body, { ...headers, cookie: 'esms_session=x' });
      expect(logout.status).toBe(400);
      expect(logout.setCookie).toBeNull();
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.mails.length).toBe(mailsBefore);
    });
  });

  describe('masked errors (line 10)', () => {
    it('shows a subgraph that is down as a masked error with partial data', async () => {
      const query = '{ regions { code } campaign(id: "00000000-0000-4000-8000-000000000000") { id } }';
      const before = await new GatewayClient(dev.url).graphql<{ regions: unknown[]; campaign: unknown }>(query);
      expect(before.errors).toBeUndefined();
      await candidature.stop();
      const res = await new GatewayClient(dev.url).graphql<{ regions: { code: string }[]; campaign: unknown }>(query);
      expect(res.status).toBe(200);
      expect(res.data?.regions).toHaveLength(18);
      expect(res.data?.campaign).toBeNull();
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(res.text).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED|request to|fetch failed|candidature|stack|at \w+ \(/i);
    });
  });
});
