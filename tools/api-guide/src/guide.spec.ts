/**
 * The API guide cannot drift: every ```bash block of README.md runs (curl, jq) against a real platform started with
 * the demo data, and its output must match the ```json (subset) or ```text (line prefixes) block that follows it;
 * the TypeScript client's worked examples run too.
 */
import { startStack, type RunningStack } from '@esms/stack';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EsmsApiClient, exampleFundingSimulation, exampleOutOfScope, exampleSynchronise, verifyWebhookSignature } from './client';
import { createHmac } from 'node:crypto';

const run = promisify(execFile);
const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

export interface Example {
  title: string;
  script: string;
  expected: { kind: 'json' | 'text'; body: string } | null;
}

/** The ```bash blocks of the guide, each with the ```json / ```text block right after it (if any). */
export function examplesOf(markdown: string): Example[] {
  const blocks = [...markdown.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  const examples: Example[] = [];
  blocks.forEach((block, i) => {
    if (block.lang !== 'bash') return;
    const next = blocks[i + 1];
    const between = next ? markdown.slice(block.end, next.start) : '';
    const expected = next && (next.lang === 'json' || next.lang === 'text') && between.trim() === '' ? { kind: next.lang as 'json' | 'text', body: next.body } : null;
    const heading = [...markdown.slice(0, block.start).matchAll(/^#+ (.*)$/gm)].pop()?.[1] ?? 'guide';
    examples.push({ title: `${heading} #${examples.filter((e) => e.title.startsWith(heading)).length + 1}`, script: block.body, expected });
  });
  return examples;
}

const DEMO_PASSWORD = 'demo-esms-numerique-2026';

describe('API guide (README.md) executed against a real platform', () => {
  let stack: RunningStack;
  let dataDir: string;
  let api: string;
  let token: string;
  let cookie: string;

  const asCnsa = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${api}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', cookie },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data as T;
  };

  beforeAll(async () => {
    // startStack gives each subgraph 120 s to start: on a loaded machine (several stacks at once) try once more.
    for (let attempt = 1; ; attempt++) {
      dataDir = mkdtempSync(join(tmpdir(), 'esms-api-guide-'));
      try {
        stack = await startStack({
          dataDir,
          demo: true,
          webApps: false,
          ports: { gateway: 0, annuaire: 0, candidature: 0, 'grading-grid': 0, 'web-porteur': 0, 'web-instructeur': 0, 'web-cnsa': 0 },
          env: { LOG_LEVEL: 'warn', ESMS_INSECURE_COOKIES: '1', ESMS_WEBHOOKS_ALLOW_LOCAL: '1', ESMS_API_RATE_LIMIT: '600', ESMS_API_RATE_WINDOW_SECONDS: '60' },
        });
        break;
      } catch (error) {
        if (attempt >= 2) throw new Error(`${(error as Error).message} (logs kept in ${join(dataDir, 'logs')})`);
      }
    }
    api = stack.urls.gateway;
    const login = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cnsa@demo.esms-numerique.fr', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    // the CNSA demo account creates the integrator's token through the API
    const created = await asCnsa<{ createApiToken: { token: string } }>(
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id prefix } } }',
      { input: { label: 'Guide de l’API', scopes: ['files:read:28', 'aggregates:read', 'webhooks:manage'], expiresInDays: 1 } },
    );
    token = created.createApiToken.token;
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
    if (stack && dataDir) rmSync(dataDir, { recursive: true, force: true }); // kept (logs) when the stack did not start
  });

  const examples = examplesOf(README);

  it('has worked examples for every section', () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
    expect(README).not.toContain('WEBHOOKS_SECTION');
  });

  it.each(examples.map((e) => [e.title, e] as const))('runs the curl example "%s" and gets the documented answer', async (_title, example) => {
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', example.script], {
      env: { ...process.env, ESMS_API: api, ESMS_TOKEN: token },
      timeout: 30_000,
    });
    if (!example.expected) return;
    if (example.expected.kind === 'json') {
      const actual = JSON.parse(stdout);
      const expected = JSON.parse(example.expected.body);
      if (Array.isArray(expected)) expect(actual).toEqual(expected);
      else expect(actual).toMatchObject(expected);
    } else {
      const lines = stdout.split('\n').map((l) => l.trim().toLowerCase());
      for (const wanted of example.expected.body.split('\n').map((l) => l.trim().toLowerCase()).filter(Boolean)) {
        expect(lines.some((l) => l.startsWith(wanted))).toBe(true);
      }
    }
  });

  it('runs the TypeScript client examples', async () => {
    const simulation = await exampleFundingSimulation(api);
    expect(simulation).toEqual({ essmsCount: 2, total: 26000, advance: 13000 });

    const first = await exampleSynchronise(api, token);
    const client = new EsmsApiClient({ apiUrl: api, token });
    const count = await client.query<{ candidaturesConnection: { totalCount: number } }>('{ candidaturesConnection(first: 1) { totalCount } }');
    expect(first.items).toHaveLength(count.candidaturesConnection.totalCount);
    expect(first.items.length).toBeGreaterThan(2);
    expect(new Set(first.items.map((c) => c.id)).size).toBe(first.items.length);
    expect(first.items.every((c) => c.pivotRegion?.code === '28')).toBe(true);
    expect(client.lastRateLimit).toMatchObject({ limit: 600 });
    const again = await exampleSynchronise(api, token, first.nextSince);
    expect(again.items.map((c) => c.updatedAt)).toEqual([first.nextSince]);

    // a PACA file, seen by the CNSA, is out of the Normandie token's scope: same answer as a file that does not exist
    const paca = await asCnsa<{ candidaturesConnection: { edges: { node: { id: string } }[] } }>(
      '{ candidaturesConnection(first: 1, filter: { pivotRegion: "93" }) { edges { node { id } } } }',
    );
    const pacaId = paca.candidaturesConnection.edges[0]?.node.id as string;
    expect(pacaId).toBeTruthy();
    expect(await exampleOutOfScope(api, token, pacaId)).toBe('NOT_FOUND');
    expect(await exampleOutOfScope(api, token, '00000000-0000-4000-8000-000000000000')).toBe('NOT_FOUND');
    expect(await exampleOutOfScope(api, token, first.items[0].id)).toBe('FOUND');
  });

  it('documents every webhook event of the API, and the USAGE_TARGET_MISSED payload', async () => {
    const client = new EsmsApiClient({ apiUrl: api, token });
    const { __type } = await client.query<{ __type: { enumValues: { name: string }[] } }>('{ __type(name: "WebhookEventType") { enumValues { name } } }');
    const section = README.slice(README.indexOf('## 5. Webhooks'), README.indexOf('## 6. '));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(__type.enumValues.map((v) => v.name).sort());
    const missed = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1])).find((b) => b.event === 'USAGE_TARGET_MISSED');
    expect(Object.keys(missed?.data ?? {})).toEqual(expect.arrayContaining(['candidatureId', 'finess', 'month', 'indicator', 'expectedRate', 'measuredRate']));
  });

  it('verifies webhook signatures like the guide says', () => {
    const body = '{"event":"CANDIDATURE_SUBMITTED"}';
    const t = Math.floor(Date.now() / 1000);
    const header = `t=${t},v1=${createHmac('sha256', 'whsec_test').update(`${t}.${body}`).digest('hex')}`;
    expect(verifyWebhookSignature('whsec_test', header, body)).toBe(true);
    expect(verifyWebhookSignature('whsec_test', header, `${body} `)).toBe(false);
    expect(verifyWebhookSignature('other', header, body)).toBe(false);
    expect(verifyWebhookSignature('whsec_test', header, body, 300, (t + 3600) * 1000)).toBe(false);
  });
});
