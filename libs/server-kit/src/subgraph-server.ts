import { ApolloServer, HeaderMap } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { CLAIMS_HEADER, verifyClaims, type Claims } from './claims';
import type { SubgraphContext } from './context';
import { maskError } from './errors';
import { createLogger, type Logger } from './logger';
import { sqlStatementCount, type SubgraphMetrics } from './metrics';
import { buildFederatedSchema, type SubgraphDefinition } from './subgraph-schema';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** A JSON endpoint under /internal/, reachable only with SERVICE claims (the gateway, other subgraphs). */
export type InternalRoute = (body: unknown, ctx: SubgraphContext) => Promise<unknown>;

/**
 * A plain HTTP route (e.g. file upload/download) served beside /graphql. It runs only AFTER the gateway's
 * claims are verified (401 otherwise); the handler reads the raw request and writes the response itself.
 * Errors thrown as GraphQL API errors (`notFound`, `badInput`…) or `HttpError` become a JSON `{ code, message }`.
 */
export interface HttpRoute {
  method: string;
  /** A RegExp (named groups become params) or a path with `:params`, e.g. `/files/pieces/:pieceId`. */
  pattern: RegExp | string;
  handler(req: IncomingMessage, res: ServerResponse, ctx: SubgraphContext, params: Record<string, string>): Promise<void> | void;
}

function compileRoute(pattern: RegExp | string): RegExp {
  if (pattern instanceof RegExp) return pattern;
  const source = pattern
    .split('/')
    .map((part) => (part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

const safeDecode = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};

const STATUS_OF_CODE: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, TOO_MANY_REQUESTS: 429 };

export interface SubgraphServerOptions {
  definition: SubgraphDefinition;
  /** Plain HTTP routes (after claims verification), matched before /graphql. */
  httpRoutes?: HttpRoute[];
  db: DataSource;
  port?: number;
  host?: string;
  internalRoutes?: Record<string, InternalRoute>;
  logger?: Logger;
}

export interface RunningSubgraph {
  url: string;
  port: number;
  sdl: string;
  server: Server;
  stop(): Promise<void>;
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', 'La requête est trop volumineuse.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', "Le corps de la requête n'est pas un JSON valide.");
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(payload);
}

function graphqlError(res: ServerResponse, status: number, code: string, message: string) {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/**
 * Serves one subgraph over HTTP. Every GraphQL request (root fields, `_entities`, `_service`) must
 * carry claims signed by the gateway: without them the answer is 401 and nothing runs.
 */
export async function startSubgraphServer(options: SubgraphServerOptions): Promise<RunningSubgraph> {
  const logger = options.logger ?? createLogger(options.definition.name);
  const { schema, sdl } = await buildFederatedSchema(options.definition);
  const apollo = new ApolloServer<SubgraphContext>({
    schema,
    formatError: (formatted) => maskError(formatted),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: false, // only the gateway (server to server) reaches a subgraph
  });
  await apollo.start();

  const contextFor = (claims: Claims): SubgraphContext => ({
    claims,
    db: options.db,
    logger,
    requestId: randomUUID(),
    loaders: new Map(),
  });

  let graphqlRequests = 0;
  // Built in: the counters the benchmark reads (SERVICE claims, like every internal route).
  const internalRoutes: Record<string, InternalRoute> = {
    metrics: async (): Promise<SubgraphMetrics> => ({
      subgraph: options.definition.name,
      graphqlRequests,
      sqlStatements: sqlStatementCount(options.db),
    }),
    ...options.internalRoutes,
  };

  const routes = (options.httpRoutes ?? []).map((route) => ({ route, regex: compileRoute(route.pattern) }));
  const matchRoute = (method: string, pathname: string) => {
    for (const { route, regex } of routes) {
      if (route.method.toUpperCase() !== method.toUpperCase()) continue;
      const m = regex.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = safeDecode(v);
      return { route, params };
    }
    return null;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://subgraph');
    try {
      if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok', subgraph: options.definition.name });

      const rawClaims = req.headers[CLAIMS_HEADER];
      const claims = await verifyClaims(Array.isArray(rawClaims) ? rawClaims[0] : rawClaims);

      if (url.pathname.startsWith('/internal/')) {
        if (req.method !== 'POST') return sendJson(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'Méthode non autorisée.' });
        if (!claims || claims.role !== 'SERVICE') return sendJson(res, 401, { code: 'UNAUTHENTICATED', message: 'Appel interne non authentifié.' });
        const routeName = url.pathname.slice('/internal/'.length);
        const route = Object.hasOwn(internalRoutes, routeName) ? internalRoutes[routeName] : undefined;
        if (!route) return sendJson(res, 404, { code: 'NOT_FOUND', message: 'Route inconnue.' });
        const body = await readJsonBody(req);
        const result = await route(body, contextFor(claims));
        return sendJson(res, 200, result ?? null);
      }

      const matched = matchRoute(req.method ?? 'GET', url.pathname);
      if (matched) {
        if (!claims) return sendJson(res, 401, { code: 'UNAUTHENTICATED', message: 'Requête refusée : elle doit passer par la passerelle.' });
        try {
          await matched.route.handler(req, res, contextFor(claims), matched.params);
        } catch (error) {
          const code = (error as { extensions?: { code?: unknown } })?.extensions?.code;
          if (typeof code === 'string' && STATUS_OF_CODE[code] && !res.headersSent) {
            const { code: _c, ...extra } = (error as { extensions: Record<string, unknown> }).extensions;
            return sendJson(res, STATUS_OF_CODE[code], { code, message: (error as Error).message, ...extra });
          }
          throw error;
        }
        return;
      }

      if (url.pathname !== '/graphql') return sendJson(res, 404, { code: 'NOT_FOUND', message: 'Route inconnue.' });
      if (!claims) return graphqlError(res, 401, 'UNAUTHENTICATED', 'Requête refusée : elle doit passer par la passerelle.');
      graphqlRequests += 1;

      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const body = req.method === 'POST' ? await readJsonBody(req) : undefined;
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => contextFor(claims),
      });
      const outHeaders: Record<string, string> = {};
      for (const [key, value] of response.headers) outHeaders[key] = value;
      res.writeHead(response.status ?? 200, outHeaders);
      if (response.body.kind === 'complete') res.end(response.body.string);
      else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      if (error instanceof HttpError) return sendJson(res, error.status, { code: error.code, message: error.message });
      logger.error({ err: error, path: url.pathname }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { code: 'INTERNAL_SERVER_ERROR', message: 'Erreur interne.' });
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    sdl,
    server,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await apollo.stop();
    },
  };
}
