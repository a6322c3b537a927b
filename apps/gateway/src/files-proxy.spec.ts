import { CLAIMS_HEADER, PUBLIC_CLAIMS, signClaims, verifyClaims, type Claims } from '@esms/server-kit';
import { ensureTestSecret, testClaims } from '@esms/server-kit/testing';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFilesProxy } from './files-proxy';

const owner = testClaims.porteur(['140000019'], 'owner');
const other = testClaims.porteur(['140000027'], 'other');

/** Gateway side: the session cookie names the caller (same role as claimsOf in server.ts). */
const sessions: Record<string, Claims> = { 'cookie-owner': owner, 'cookie-other': other };
const claimsOf = async (req: IncomingMessage) => {
  const m = /esms_session=([\w-]+)/.exec(req.headers.cookie ?? '');
  return { claims: m ? (sessions[m[1]] ?? PUBLIC_CLAIMS) : PUBLIC_CLAIMS };
};

describe('gateway /files/* proxy', () => {
  let upstream: Server;
  let front: Server;
  let base: string;
  const seen: { headers: IncomingMessage['headers']; body: Buffer; claims: Claims | null }[] = [];

  beforeAll(async () => {
    ensureTestSecret();
    upstream = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = req.headers[CLAIMS_HEADER];
      const claims = await verifyClaims(Array.isArray(raw) ? raw[0] : raw);
      seen.push({ headers: req.headers, body: Buffer.concat(chunks), claims });
      if (!claims?.organismes.includes('140000019')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ code: 'NOT_FOUND', message: "Cette pièce n'existe pas ou vous n'y avez pas accès." }));
      }
      if (req.method === 'POST') {
        res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': 'leak=1' });
        return res.end(JSON.stringify({ size: Buffer.concat(chunks).length }));
      }
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="a.pdf"', 'x-content-type-options': 'nosniff' });
      res.end(Buffer.from('%PDF-1.4 body'));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const proxy = createFilesProxy({ targetUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/graphql`, claimsOf });
    front = createServer((req, res) => void proxy(req, res, new URL(req.url ?? '/', 'http://gw')));
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => front?.close(r));
    await new Promise((r) => upstream?.close(r));
  });

  it('answers 401 without a session and never calls the subgraph', async () => {
    const before = seen.length;
    const res = await fetch(`${base}/files/pieces/abc`);
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/Connectez-vous/);
    expect(seen.length).toBe(before);
  });

  it('streams an upload with signed claims of the caller, never the client x-esms-claims', async () => {
    const forged = await signClaims(testClaims.cnsa());
    const body = Buffer.alloc(3 * 1024 * 1024, 7);
    const res = await fetch(`${base}/files/candidatures/x/pieces/P01`, {
      method: 'POST',
      body: new Uint8Array(body),
      headers: { cookie: 'esms_session=cookie-owner', [CLAIMS_HEADER]: forged, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('note é.pdf') },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ size: body.length });
    expect(res.headers.get('set-cookie')).toBeNull();
    const last = seen.at(-1)!;
    expect(last.claims).toMatchObject({ sub: 'owner', role: 'PORTEUR' });
    expect(last.headers[CLAIMS_HEADER]).not.toBe(forged);
    expect(last.headers['cookie']).toBeUndefined();
    expect(last.headers['x-file-name']).toBe(encodeURIComponent('note é.pdf'));
    expect(last.body.equals(body)).toBe(true);
  });

  it('downloads keep attachment + nosniff; another porteur gets the same 404 as a missing file', async () => {
    const ok = await fetch(`${base}/files/pieces/p1`, { headers: { cookie: 'esms_session=cookie-owner' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await ok.arrayBuffer()).toString()).toBe('%PDF-1.4 body');
    const no = await fetch(`${base}/files/pieces/p1`, { headers: { cookie: 'esms_session=cookie-other' } });
    expect(no.status).toBe(404);
  });
});
