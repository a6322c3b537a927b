import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for the annuaire's internal routes in this subgraph's tests (apps never import other apps). */
export interface FakeAnnuaire {
  url: string;
  establishments: Map<string, { name: string; category: string; field: string | null; departement: string | null }>;
  accounts: Map<string, { email: string; displayName: string; role: string; regionCode: string | null }>;
  close(): Promise<void>;
}

export async function startFakeAnnuaire(): Promise<FakeAnnuaire> {
  const establishments: FakeAnnuaire['establishments'] = new Map();
  const accounts: FakeAnnuaire['accounts'] = new Map();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (!req.headers['x-esms-claims']) return send(401, { code: 'UNAUTHENTICATED' });
    switch (req.url) {
      case '/internal/establishments/lookup':
        return send(200, (body.finess as string[]).filter((f) => establishments.has(f)).map((f) => ({ finess: f, ...establishments.get(f) })));
      case '/internal/accounts/contacts':
        return send(200, Object.fromEntries((body.ids as string[]).filter((id) => accounts.has(id)).map((id) => [id, accounts.get(id)])));
      default:
        return send(404, { code: 'NOT_FOUND' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    establishments,
    accounts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
