import 'reflect-metadata';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Query, Resolver } from 'type-graphql';
import { CLAIMS_HEADER, signClaims } from './claims';
import { notFound } from './errors';
import { createMailer } from './mailer';
import { startSubgraphServer, type RunningSubgraph } from './subgraph-server';
import type { Database } from './database';
import { ensureTestSecret, openTestDatabase, testClaims } from './testing';

@Resolver()
class PingResolver {
  @Query(() => String)
  ping() {
    return 'pong';
  }
}

jest.setTimeout(60_000);

describe('subgraph server: httpRoutes', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let base: string;

  beforeAll(async () => {
    ensureTestSecret();
    db = await openTestDatabase({ name: 'kit_routes', entities: [], migrations: [] });
    subgraph = await startSubgraphServer({
      definition: { name: 'kit-routes', resolvers: [PingResolver] },
      db: db.dataSource,
      httpRoutes: [
        {
          method: 'GET',
          pattern: '/files/things/:id',
          handler: (_req, res, ctx, params) => {
            if (params['id'] === 'missing') throw notFound('Introuvable.');
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.end(`${params['id']} for ${ctx.claims.role}`);
          },
        },
        {
          method: 'POST',
          pattern: /^\/files\/echo$/,
          handler: async (req, res) => {
            const chunks: Buffer[] = [];
            for await (const c of req) chunks.push(c as Buffer);
            res.writeHead(201, { 'content-type': 'application/octet-stream' });
            res.end(Buffer.concat(chunks));
          },
        },
      ],
    });
    base = `http://127.0.0.1:${subgraph.port}`;
  });
  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  const signed = async () => ({ [CLAIMS_HEADER]: await signClaims(testClaims.porteur(['140000019'])) });

  it('refuses a route without gateway claims (401) and never runs the handler', async () => {
    const res = await fetch(`${base}/files/things/abc`);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('UNAUTHENTICATED');
  });

  it('runs a matched route with params and the caller context', async () => {
    const res = await fetch(`${base}/files/things/a%20b`, { headers: await signed() });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('a b for PORTEUR');
  });

  it('maps API errors to HTTP statuses with the French message', async () => {
    const res = await fetch(`${base}/files/things/missing`, { headers: await signed() });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 'NOT_FOUND', message: 'Introuvable.' });
  });

  it('hands the raw body to the handler (RegExp pattern), other methods fall through to 404', async () => {
    const body = Buffer.from([0, 1, 2, 255]);
    const res = await fetch(`${base}/files/echo`, { method: 'POST', body, headers: await signed() });
    expect(res.status).toBe(201);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(body);
    expect((await fetch(`${base}/files/echo`, { headers: await signed() })).status).toBe(404);
  });
});

describe('mailer: attachments', () => {
  it('writes the attachment into the message (outbox mode)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-outbox-'));
    process.env['ESMS_OUTBOX_DIR'] = dir;
    try {
      const mailer = createMailer('');
      await mailer.send({
        to: 'porteur@example.fr',
        subject: 'Récapitulatif',
        text: 'Bonjour',
        attachments: [{ filename: 'recapitulatif.pdf', content: Buffer.from('%PDF-1.3 test'), contentType: 'application/pdf' }],
      });
      const [file] = readdirSync(dir);
      const eml = readFileSync(join(dir, file), 'utf8');
      expect(eml).toContain('filename=recapitulatif.pdf');
      expect(eml).toContain(Buffer.from('%PDF-1.3 test').toString('base64'));
    } finally {
      delete process.env['ESMS_OUTBOX_DIR'];
    }
  });
});
