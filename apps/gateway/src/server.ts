import 'reflect-metadata';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { CLAIMS_HEADER, HttpError, PUBLIC_CLAIMS, createLogger, maskError, readJsonBody, sendJson, signClaims, type Claims, type Logger } from '@esms/server-kit';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { GraphQLFormattedError, ValidationRule } from 'graphql';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClaimsCache, FailureLimiter, IdentityClient, SESSION_COOKIE } from './auth';
import { pageSizePlugin } from './page-size';
import { OperationAllowList } from './persisted-operations';
import { buildSupergraph, type SubgraphEndpoint } from './compose';
import { createFilesProxy } from './files-proxy';
import { createApiClientGuard, type RateLimitConfig } from './api-clients';

const MAX_GRAPHQL_BODY = 1024 * 1024;
const MAX_AUTH_BODY = 16 * 1024;
const DEFAULT_SESSION_SECONDS = 12 * 60 * 60;

export interface GatewayContext {
  claims: Claims;
}

export interface GatewayOptions {
  port?: number;
  host?: string;
  /** The subgraphs to compose (name and base or /graphql URL). */
  subgraphs: SubgraphEndpoint[];
  /** Base URL of the annuaire (auth routes); defaults to the subgraph named `annuaire`. */
  annuaireUrl?: string;
  /** Base URL of the subgraph serving /files/* (pieces, exports); defaults to the subgraph named `candidature`. */
  filesUrl?: string;
  /** Write the composed supergraph there. */
  supergraphPath?: string;
  /** How long to wait for the subgraphs' SDL at start (default 0: fail at once). */
  waitForSubgraphsMs?: number;
  /** Failed logins allowed per IP in `loginWindowMs` (default 30 per 15 minutes). */
  loginFailuresPerIp?: number;
  loginWindowMs?: number;
  /** How long a resolved session is trusted without asking the annuaire (default 30 s, at most 30 s). */
  sessionCacheMs?: number;
  /** Production behaviour (default: NODE_ENV=production): no introspection, no suggestions, no limits echoed, Secure cookies, browsers limited to the allow-list. */
  production?: boolean;
  /** The apps' own operations (default: persisted-operations.json). */
  allowList?: OperationAllowList;
  /** A GraphQL request that has not answered after this delay gets a 503 (default 30 s). */
  requestTimeoutMs?: number;
  /** Per-API-token rate limit (default: ESMS_API_RATE_LIMIT per ESMS_API_RATE_WINDOW_SECONDS, 600 / 60 s), per instance. */
  apiRateLimit?: RateLimitConfig;
  logger?: Logger;
}

export interface RunningGateway {
  url: string;
  graphqlUrl: string;
  port: number;
  supergraphSdl: string;
  server: Server;
  stop(): Promise<void>;
}

/** Sends fresh signed claims (60 s) with every subgraph request; nothing of the client's headers is forwarded. */
class ClaimsDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /** Signed once per client request, whatever the number of subgraph fetches its plan makes. */
  private readonly signed = new WeakMap<object, Promise<string>>();

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const claims = (context as Partial<GatewayContext> | undefined)?.claims ?? PUBLIC_CLAIMS;
    let token = context ? this.signed.get(context) : undefined;
    if (!token) {
      token = signClaims(claims);
      if (context) this.signed.set(context, token);
    }
    request.http?.headers.set(CLAIMS_HEADER, await token);
  }
}

/** Known error codes pass (without the subgraph's name); anything else — a subgraph down, a stack — is masked. */
export function formatGatewayError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const masked = maskError(formatted);
  if (masked.extensions) {
    const { serviceName: _s, ...extensions } = masked.extensions as Record<string, unknown>;
    return { ...masked, extensions };
  }
  return masked;
}

function clientIp(req: IncomingMessage): string {
  if (process.env['ESMS_TRUST_PROXY'] === '1') {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** Secure cookies, except with ESMS_INSECURE_COOKIES=1 or, outside production, on 127.0.0.1/localhost (plain-HTTP dev). */
function secureCookies(req: IncomingMessage, production = process.env['NODE_ENV'] === 'production'): boolean {
  if (process.env['ESMS_INSECURE_COOKIES'] === '1') return false;
  if (production) return true;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return !['127.0.0.1', 'localhost', '::1'].includes(host);
}

export function sessionCookie(req: IncomingMessage, token: string, maxAgeSeconds: number, production?: boolean): string {
  return serializeCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: secureCookies(req, production), path: '/', maxAge: maxAgeSeconds });
}

function clearedCookie(req: IncomingMessage, production?: boolean): string {
  return serializeCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: secureCookies(req, production), path: '/', maxAge: 0, expires: new Date(0) });
}

/**
 * A POST an HTML form of another site could send (its CORS-safelisted types): it must carry a
 * preflight-forcing header. A body-less POST without a type (the apps' logout) is not a form; a
 * cross-site one would arrive without the SameSite=Lax cookie anyway.
 */
function isCsrfSuspect(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const simple = type === 'text/plain' || type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data';
  return simple && !req.headers['apollo-require-preflight'] && !req.headers['x-apollo-operation-name'];
}

function sessionTokenOf(req: IncomingMessage): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  const token = parseCookies(header)[SESSION_COOKIE];
  return token && token.length <= 200 ? token : null;
}

function bearerOf(req: IncomingMessage): string | null | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

const MESSAGES = {
  INVALID_CREDENTIALS: 'Adresse e-mail ou mot de passe incorrect.',
  TOO_MANY_ATTEMPTS: 'Trop de tentatives de connexion : réessayez plus tard, ou réinitialisez votre mot de passe.',
  ACCOUNT_NOT_ACTIVE: "Votre compte n'est pas activé : ouvrez le lien reçu par e-mail lors de l'inscription (pensez aux courriers indésirables), ou contactez le support s'il a été désactivé.",
  UNAVAILABLE: 'Le service de connexion est momentanément indisponible : réessayez dans quelques instants.',
};

/**
 * The federation gateway: composes the subgraphs, authenticates at the edge (session cookie or
 * API bearer token, resolved by the annuaire), and forwards signed claims to the subgraphs.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway');
  const annuaireUrl = options.annuaireUrl ?? options.subgraphs.find((s) => s.name === 'annuaire')?.url;
  const identity = annuaireUrl ? new IdentityClient(new URL(annuaireUrl).origin) : null;
  const cache = new ClaimsCache(Math.min(options.sessionCacheMs ?? 30_000, 30_000));
  const limiter = new FailureLimiter(options.loginFailuresPerIp ?? 30, options.loginWindowMs ?? 15 * 60_000);

  const supergraphSdl = await buildSupergraph(options.subgraphs, { outputPath: options.supergraphPath, waitMs: options.waitForSubgraphsMs ?? 0 });
  const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ url }) => new ClaimsDataSource({ url, fetcher: fetch as never }) });
  const production = options.production ?? process.env['NODE_ENV'] === 'production';
  const allowList = options.allowList ?? OperationAllowList.load();
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const exposeLimits = !production;
  const armor = new ApolloArmor({
    maxDepth: { n: 10, exposeLimits },
    maxAliases: { n: 15, exposeLimits },
    maxDirectives: { n: 50, exposeLimits },
    maxTokens: { n: 2000, exposeLimits },
    costLimit: { maxCost: 5000, exposeLimits },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  // The apps' own operations (allow-list) are trusted: the limits apply to every other document.
  const limitRules: ValidationRule[] = (armor.validationRules as ValidationRule[]).map(
    (rule) => (context) => (allowList.isKnown(context.getDocument().loc?.source.body) ? {} : rule(context)),
  );
  const limitPlugins = (armor.plugins as ApolloServerPlugin<GatewayContext>[]).map(
    (plugin): ApolloServerPlugin<GatewayContext> => ({
      ...plugin,
      async requestDidStart(requestContext) {
        if (allowList.isKnown(requestContext.request.query)) return;
        return plugin.requestDidStart?.(requestContext);
      },
    }),
  );
  const logErrors: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const code = error.extensions?.['code'];
            if (!code || code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, path: error.path }, 'graphql error');
          }
        },
      };
    },
  };
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: formatGatewayError,
    includeStacktraceInErrorResponses: false,
    introspection: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    validationRules: limitRules,
    plugins: [...limitPlugins, pageSizePlugin<GatewayContext>(), logErrors],
  });
  await apollo.start();

  /** Claims of the caller: API token (bearer), else session cookie, else public. Null = refuse (bad bearer). */
  async function claimsOf(req: IncomingMessage): Promise<{ claims: Claims | null; session: string | null; expiredSession: boolean }> {
    const bearer = bearerOf(req);
    if (bearer !== undefined) {
      if (!bearer || !identity) return { claims: null, session: null, expiredSession: false };
      return { claims: await cache.resolve('api', bearer, () => identity.apiToken(bearer)), session: null, expiredSession: false };
    }
    const session = sessionTokenOf(req);
    if (!session || !identity) return { claims: PUBLIC_CLAIMS, session: null, expiredSession: false };
    const claims = await cache.resolve('session', session, () => identity.session(session));
    return claims ? { claims, session, expiredSession: false } : { claims: PUBLIC_CLAIMS, session: null, expiredSession: true };
  }

  const admitApiClient = createApiClientGuard({ logger, config: options.apiRateLimit });
  const filesUrl = options.filesUrl ?? options.subgraphs.find((s) => s.name === 'candidature')?.url;
  const filesProxy = filesUrl ? createFilesProxy({ targetUrl: new URL(filesUrl).origin, claimsOf, logger }) : null;

  async function handleLogin(req: IncomingMessage, res: ServerResponse) {
    const ip = clientIp(req);
    const wait = limiter.retryAfter(ip);
    if (wait > 0) return sendJson(res, 429, { code: 'TOO_MANY_ATTEMPTS', message: MESSAGES.TOO_MANY_ATTEMPTS }, { 'retry-after': String(wait) });
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return sendJson(res, 415, { code: 'BAD_REQUEST', message: 'Envoyez les identifiants en JSON (Content-Type: application/json).' });
    }
    const body = (await readJsonBody(req, MAX_AUTH_BODY)) as Record<string, unknown>;
    const email = typeof body?.['email'] === 'string' ? body['email'] : '';
    const password = typeof body?.['password'] === 'string' ? body['password'] : '';
    if (!email || !password) return sendJson(res, 400, { code: 'BAD_REQUEST', message: 'Indiquez votre adresse e-mail et votre mot de passe.' });
    if (!identity) return sendJson(res, 503, { code: 'UNAVAILABLE', message: MESSAGES.UNAVAILABLE });
    let answer;
    try {
      answer = await identity.login(email, password, ip);
    } catch (error) {
      logger.error({ err: error }, 'login: annuaire unreachable');
      return sendJson(res, 503, { code: 'UNAVAILABLE', message: MESSAGES.UNAVAILABLE });
    }
    if (answer.ok) {
      cache.set('session', answer.sessionToken, answer.claims);
      const maxAge = answer.expiresAt ? Math.max(1, Math.floor((Date.parse(answer.expiresAt) - Date.now()) / 1000)) : DEFAULT_SESSION_SECONDS;
      const { id, email: userEmail, displayName, role } = answer.user;
      return sendJson(res, 200, { user: { id, email: userEmail, displayName, role } }, { 'set-cookie': sessionCookie(req, answer.sessionToken, maxAge, production) });
    }
    if (answer.code === 'ACCOUNT_NOT_ACTIVE') return sendJson(res, 403, { code: answer.code, message: MESSAGES.ACCOUNT_NOT_ACTIVE });
    limiter.fail(ip);
    if (answer.code === 'TOO_MANY_ATTEMPTS') {
      return sendJson(res, 429, { code: answer.code, message: MESSAGES.TOO_MANY_ATTEMPTS }, { 'retry-after': String(answer.retryAfterSeconds ?? 3600) });
    }
    return sendJson(res, 401, { code: 'INVALID_CREDENTIALS', message: MESSAGES.INVALID_CREDENTIALS });
  }

  async function handleLogout(req: IncomingMessage, res: ServerResponse) {
    if (isCsrfSuspect(req)) return sendJson(res, 400, { code: 'BAD_REQUEST', message: 'Requête refusée : en-tête Content-Type: application/json ou apollo-require-preflight requis.' });
    const token = sessionTokenOf(req);
    if (token) {
      cache.drop('session', token);
      try {
        await identity?.logout(token);
      } catch (error) {
        logger.error({ err: error }, 'logout: annuaire unreachable');
      }
    }
    res.writeHead(204, { 'set-cookie': clearedCookie(req, production), 'cache-control': 'no-store' });
    res.end();
  }

  async function handleGraphql(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.method !== 'GET' && req.method !== 'POST') {
      return sendJson(res, 405, { errors: [{ message: 'Méthode non autorisée.', extensions: { code: 'BAD_REQUEST' } }] }, { allow: 'GET, POST' });
    }
    let resolved;
    try {
      resolved = await claimsOf(req);
    } catch (error) {
      logger.error({ err: error }, 'authentication: annuaire unreachable');
      return sendJson(res, 503, { errors: [{ message: MESSAGES.UNAVAILABLE, extensions: { code: 'UNAVAILABLE' } }] });
    }
    if (!resolved.claims) {
      return sendJson(res, 401, { errors: [{ message: "Jeton d'API invalide, expiré ou révoqué : demandez-en un nouveau à la CNSA.", extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    if (!admitApiClient(req, res, resolved.claims, url.pathname)) return;
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value === undefined || key === CLAIMS_HEADER || key === 'cookie' || key === 'authorization') continue;
      headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const body = req.method === 'POST' ? await readJsonBody(req, MAX_GRAPHQL_BODY) : undefined;
    if (Array.isArray(body)) {
      return sendJson(res, 400, { errors: [{ message: 'Les requêtes groupées (tableau JSON) ne sont pas acceptées : envoyez une opération par requête.', extensions: { code: 'BAD_REQUEST' } }] });
    }
    const claims = resolved.claims;
    // Allow-list (persisted operations): a known hash stands for its document.
    const request = (body ?? {}) as { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } };
    const hash = request.extensions?.persistedQuery?.sha256Hash;
    if (typeof hash === 'string' && allowList.byHash(hash)) {
      request.query = allowList.byHash(hash);
      delete request.extensions?.persistedQuery;
    }
    // In production a browser (cookie or Origin, no bearer) may only send the apps' own operations.
    const browser = bearerOf(req) === undefined && (Boolean(req.headers.origin) || Boolean(req.headers.cookie));
    const queryText = typeof request.query === 'string' ? request.query : url.searchParams.get('query');
    if (production && browser && !allowList.isKnown(queryText)) {
      return sendJson(res, 403, { errors: [{ message: "Opération non autorisée : seules les opérations des applications de la plateforme sont acceptées depuis un navigateur ; les clients d'API utilisent un jeton.", extensions: { code: 'FORBIDDEN' } }] });
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), requestTimeoutMs);
    });
    const response = await Promise.race([
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
        context: async () => ({ claims }),
      }),
      timeout,
    ]).finally(() => clearTimeout(timer));
    if (response === 'timeout') {
      logger.warn({ ms: requestTimeoutMs }, 'graphql request timed out');
      return sendJson(res, 503, { errors: [{ message: 'La requête a pris trop de temps : réessayez dans quelques instants.', extensions: { code: 'UNAVAILABLE' } }] }, { 'retry-after': '5' });
    }
    // A mutation may change what the session carries (e.g. a newly attached organisme): re-resolve next time.
    const query = (body as { query?: unknown } | undefined)?.query;
    if (resolved.session && typeof query === 'string' && /\bmutation\b/.test(query)) cache.drop('session', resolved.session);

    const outHeaders: Record<string, string | string[]> = {};
    for (const [key, value] of response.headers) outHeaders[key] = value;
    if (resolved.expiredSession) outHeaders['set-cookie'] = clearedCookie(req, production);
    res.writeHead(response.status ?? 200, outHeaders);
    if (response.body.kind === 'complete') res.end(response.body.string);
    else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  const server = createServer(async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://gateway');
    res.setHeader('x-content-type-options', 'nosniff');
    res.on('finish', () => {
      // One line per request costs ~10 % of the gateway's CPU under load (tools/bench): routine
      // successes are debug, errors and slow requests stay visible.
      const ms = Date.now() - started;
      const level = res.statusCode >= 500 ? 'warn' : res.statusCode >= 400 || ms > 1000 ? 'info' : 'debug';
      logger[level]({ method: req.method, path: url.pathname, status: res.statusCode, ms }, 'request');
    });
    try {
      if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok', subgraphs: options.subgraphs.map((s) => s.name) });
      if (url.pathname === '/auth/login') {
        if (req.method !== 'POST') return sendJson(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'Méthode non autorisée.' }, { allow: 'POST' });
        return await handleLogin(req, res);
      }
      if (url.pathname === '/auth/logout') {
        if (req.method !== 'POST') return sendJson(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'Méthode non autorisée.' }, { allow: 'POST' });
        return await handleLogout(req, res);
      }
      if (url.pathname === '/graphql') return await handleGraphql(req, res, url);
      if (filesProxy && url.pathname.startsWith('/files/')) {
        // Uploads carry a raw body and a preflight-forcing header; a cross-site form post cannot.
        if (req.method !== 'GET' && isCsrfSuspect(req)) {
          req.resume();
          return sendJson(res, 400, { code: 'BAD_REQUEST', message: 'Requête refusée : envoyez le fichier depuis la plateforme (en-tête apollo-require-preflight).' });
        }
        return await filesProxy(req, res, url);
      }
      return sendJson(res, 404, { code: 'NOT_FOUND', message: 'Route inconnue.' });
    } catch (error) {
      if (error instanceof HttpError) return sendJson(res, error.status, { code: error.code, message: error.message });
      logger.error({ err: error, path: url.pathname }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { code: 'INTERNAL_SERVER_ERROR', message: 'Erreur interne.' });
    }
  });

  // Slow clients (slowloris): the whole request must arrive in time.
  server.headersTimeout = 15_000;
  server.requestTimeout = Math.max(requestTimeoutMs, 30_000);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    graphqlUrl: `${base}/graphql`,
    port,
    supergraphSdl,
    server,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      await apollo.stop();
    },
  };
}
