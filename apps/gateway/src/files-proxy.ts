import { CLAIMS_HEADER, sendJson, signClaims, type Claims, type Logger } from '@esms/server-kit';
import { request, type IncomingMessage, type ServerResponse } from 'node:http';

/** Request headers passed to the candidature subgraph (nothing else: never the client's x-esms-claims or cookies). */
const FORWARDED_REQUEST = ['content-type', 'content-length', 'x-file-name', 'accept', 'range'];
/** Response headers passed back to the browser. */
const FORWARDED_RESPONSE = ['content-type', 'content-length', 'content-disposition', 'x-content-type-options', 'cache-control', 'content-security-policy'];

export interface FilesProxyOptions {
  /** Base URL of the candidature subgraph (its /graphql URL is accepted too). */
  targetUrl: string;
  /** Same resolution as /graphql: bearer, else session cookie, else public; null = bad bearer. */
  claimsOf(req: IncomingMessage): Promise<{ claims: Claims | null }>;
  logger?: Logger;
}

/**
 * `/files/*` → candidature `/files/*`: uploads and downloads stream the raw body both ways (the gateway does not
 * forward multipart to subgraphs); the caller's claims are signed by the gateway; anonymous callers get 401.
 */
export function createFilesProxy(options: FilesProxyOptions) {
  const target = new URL(options.targetUrl);
  return async function handleFiles(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { claims } = await options.claimsOf(req);
    if (!claims || claims.role === 'PUBLIC') {
      req.resume();
      return sendJson(res, 401, { code: 'UNAUTHENTICATED', message: 'Connectez-vous pour déposer ou télécharger des fichiers.' });
    }
    const headers: Record<string, string> = { [CLAIMS_HEADER]: await signClaims(claims) };
    for (const name of FORWARDED_REQUEST) {
      const v = req.headers[name];
      if (typeof v === 'string') headers[name] = v;
    }
    await new Promise<void>((resolve) => {
      const upstream = request(
        { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: `${url.pathname}${url.search}`, headers },
        (answer) => {
          const out: Record<string, string> = {};
          for (const name of FORWARDED_RESPONSE) {
            const v = answer.headers[name];
            if (typeof v === 'string') out[name] = v;
          }
          res.writeHead(answer.statusCode ?? 502, out);
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', () => resolve());
        },
      );
      upstream.on('error', (err) => {
        options.logger?.error({ err }, 'files proxy: candidature subgraph unreachable');
        if (!res.headersSent) sendJson(res, 502, { code: 'UNAVAILABLE', message: 'Le service des fichiers est momentanément indisponible : réessayez dans quelques instants.' });
        else res.destroy();
        resolve();
      });
      req.pipe(upstream);
      req.on('aborted', () => upstream.destroy());
    });
  };
}
