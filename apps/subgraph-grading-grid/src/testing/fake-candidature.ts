import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLAIMS_HEADER, verifyClaims } from '@esms/server-kit';

/** What the candidature subgraph says of a file through `candidatures/pivot-regions` (its contract: events-inbox/CONTRACT.md). */
export interface FakeFileScope {
  pivotRegion: string | null;
  campaignId: string;
  state: string;
  /** Regions of the grappe's ESSMS: a multiregional file lists several, its pivot ARS alone grades it. */
  regions: string[];
}

export type ExtraRoute = (path: string, body: Record<string, unknown>, res: ServerResponse) => boolean;

/**
 * The candidature subgraph's internal route `candidatures/pivot-regions` over real HTTP with SERVICE claims (checked
 * like server-kit does), answering from `files`. The route itself is tested against the real candidature database in
 * apps/subgraph-candidature/src/candidatures/pivot-regions.route.spec.ts; here it stands for the other process.
 */
export async function startFakeCandidature(extra?: ExtraRoute) {
  const files = new Map<string, FakeFileScope>();
  const calls: string[] = [];
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const claims = await verifyClaims(req.headers[CLAIMS_HEADER] as string | undefined);
    if (!claims || claims.role !== 'SERVICE') return send(res, 401, { code: 'UNAUTHENTICATED' });
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const path = req.url ?? '';
    calls.push(path);
    if (path === '/internal/candidatures/pivot-regions') {
      const ids = (body['ids'] as string[]).map((id) => id.toLowerCase());
      return send(
        res,
        200,
        ids.flatMap((id) => {
          const file = files.get(id);
          return file ? [{ id, pivotRegion: file.pivotRegion, campaignId: file.campaignId, state: file.state }] : [];
        }),
      );
    }
    if (extra?.(path, body, res)) return;
    send(res, 404, { code: 'NOT_FOUND' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    files,
    calls,
    /** Registers a file and returns its id. */
    file(scope: Partial<FakeFileScope> & { pivotRegion: string | null }): string {
      const id = randomUUID();
      files.set(id, { campaignId: scope.pivotRegion === '93' ? 'paca-2023' : 'normandie-2024', state: 'UNDER_INSTRUCTION', regions: scope.pivotRegion ? [scope.pivotRegion] : [], ...scope });
      return id;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type FakeCandidature = Awaited<ReturnType<typeof startFakeCandidature>>;
