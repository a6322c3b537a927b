/*
 * The comparison gateway: @graphql-hive/gateway-runtime (MIT) serving the very supergraph our gateway
 * composed, in one Node process (one worker, like ours), on 127.0.0.1. Started by run.ts as a child
 * process: `node -r @swc-node/register tools/bench/src/hive-gateway.ts`.
 *
 * To do the same work as our gateway per request:
 * - the caller's session cookie is looked up in an in-memory table keyed by its SHA-256 (ours: the
 *   ClaimsCache, warm during a run), public callers get PUBLIC claims;
 * - fresh claims, signed with the shared secret, go with every subgraph fetch (`x-esms-claims`);
 * - the same graphql-armor limits (depth, aliases, directives, tokens, cost);
 * - upstream request deduplication off (ours has none either).
 *
 * Environment: PORT, HIVE_SUPERGRAPH_PATH, HIVE_SESSIONS (JSON: { sessionToken: Claims }),
 * ESMS_GATEWAY_SECRET.
 */
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { CLAIMS_HEADER, PUBLIC_CLAIMS, signClaims, type Claims } from '@esms/server-kit';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { parse as parseCookies } from 'cookie';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const SESSION_COOKIE = 'esms_session';
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

function claimsPlugin(sessions: Map<string, Claims>): GatewayPlugin {
  const claimsOf = new WeakMap<object, Claims>();
  return {
    onContextBuilding({ context }) {
      const cookieHeader = (context.request as Request | undefined)?.headers.get('cookie');
      const token = cookieHeader ? parseCookies(cookieHeader)[SESSION_COOKIE] : undefined;
      claimsOf.set(context, (token && sessions.get(hash(token))) || PUBLIC_CLAIMS);
    },
    async onFetch({ context, options, setOptions }) {
      const claims = (context && claimsOf.get(context)) || PUBLIC_CLAIMS;
      setOptions({ ...options, headers: { ...(options.headers as Record<string, string> | undefined), [CLAIMS_HEADER]: await signClaims(claims) } });
    },
  };
}

async function main() {
  const port = Number(process.env['PORT'] ?? 0);
  const supergraph = readFileSync(process.env['HIVE_SUPERGRAPH_PATH'] ?? '', 'utf8');
  const sessions = new Map<string, Claims>(
    Object.entries(JSON.parse(process.env['HIVE_SESSIONS'] ?? '{}') as Record<string, Claims>).map(([token, claims]) => [hash(token), claims]),
  );
  const armor = new EnvelopArmor({
    maxDepth: { n: 10 },
    maxAliases: { n: 15 },
    maxDirectives: { n: 50 },
    maxTokens: { n: 2000 },
    costLimit: { maxCost: 5000 },
    blockFieldSuggestion: { enabled: process.env['NODE_ENV'] === 'production' },
  }).protect();

  const gateway = createGatewayRuntime({
    supergraph: () => supergraph,
    transports: { http: httpTransport },
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    logging: 'error',
    plugins: () => [...(armor.plugins as GatewayPlugin[]), claimsPlugin(sessions)],
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  console.log(`hive gateway listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/graphql`);
  const stop = () => server.close(() => void Promise.resolve(gateway.dispose()).finally(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
