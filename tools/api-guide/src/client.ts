/**
 * A small TypeScript client of the ESMS numérique API — the worked example of the API guide (README.md).
 * No dependency: Node 20 `fetch` and `node:crypto`. Copy it into your project and adapt.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface RateLimit {
  limit: number;
  remaining: number;
  /** Unix time (seconds) when the window resets. */
  reset: number;
}

/** An error of the API, with its stable code (see the guide: BAD_USER_INPUT, UNAUTHENTICATED, NOT_FOUND…). */
export class EsmsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'EsmsApiError';
  }
}

export interface ClientOptions {
  /** Base URL of the API, e.g. https://api.esms-numerique.fr (the GraphQL endpoint is `<apiUrl>/graphql`). */
  apiUrl: string;
  /** The API token (bearer), created by the CNSA; omit it for the public queries. */
  token?: string;
  /** How many times a 429 is waited out (Retry-After) before giving up (default 3). */
  maxRetries?: number;
}

export class EsmsApiClient {
  /** The X-RateLimit-* headers of the last answer. */
  lastRateLimit: RateLimit | null = null;

  constructor(private readonly options: ClientOptions) {}

  async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${this.options.apiUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const limit = response.headers.get('x-ratelimit-limit');
      if (limit) {
        this.lastRateLimit = {
          limit: Number(limit),
          remaining: Number(response.headers.get('x-ratelimit-remaining')),
          reset: Number(response.headers.get('x-ratelimit-reset')),
        };
      }
      const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
      if (response.status === 429) {
        const wait = Number(response.headers.get('retry-after') ?? 1);
        if (attempt < (this.options.maxRetries ?? 3)) {
          await new Promise((resolve) => setTimeout(resolve, wait * 1000));
          continue;
        }
        throw new EsmsApiError('TOO_MANY_REQUESTS', body.errors?.[0]?.message ?? 'Too many requests', 429, wait);
      }
      const error = body.errors?.[0];
      if (error) throw new EsmsApiError(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR', error.message, response.status);
      return body.data as T;
    }
  }

  /**
   * Every candidature visible to the token, page after page (cursor pagination, at most 100 per page).
   * With `updatedSince`, only those changed since then (synchronisation).
   */
  async *candidatures(options: { updatedSince?: string; pageSize?: number; filter?: Record<string, unknown> } = {}): AsyncGenerator<CandidatureNode> {
    let after: string | null = null;
    do {
      const page: { candidaturesConnection: Connection } = await this.query(CANDIDATURES_PAGE, {
        first: options.pageSize ?? 100,
        after,
        updatedSince: options.updatedSince ?? null,
        filter: options.filter ?? null,
      });
      for (const edge of page.candidaturesConnection.edges) yield edge.node;
      after = page.candidaturesConnection.pageInfo.hasNextPage ? page.candidaturesConnection.pageInfo.endCursor : null;
    } while (after);
  }
}

export interface CandidatureNode {
  id: string;
  reference: string;
  state: string;
  pivotRegion: { code: string } | null;
  updatedAt: string;
}
interface Connection {
  totalCount: number;
  edges: { cursor: string; node: CandidatureNode }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const CANDIDATURES_PAGE = `query Page($first: Int, $after: String, $updatedSince: DateTimeISO, $filter: CandidatureFilter) {
  candidaturesConnection(first: $first, after: $after, updatedSince: $updatedSince, filter: $filter) {
    totalCount
    edges { cursor node { id reference state pivotRegion { code } updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/**
 * Checks a webhook delivery: header `X-ESMS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Use the RAW body (bytes as received), refuse old timestamps (replay), compare in constant time.
 */
export function verifyWebhookSignature(secret: string, signatureHeader: string, rawBody: string, toleranceSeconds = 300, nowMs = Date.now()): boolean {
  const parts = Object.fromEntries(signatureHeader.split(',').map((p) => p.trim().split('=') as [string, string]));
  const t = Number(parts['t']);
  const v1 = parts['v1'] ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(nowMs / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

// ---------------------------------------------------------------------------------------------
// Worked examples (run by src/guide.spec.ts against a real stack)

/** Example 1 — public: the grant for a grappe of two ESSMS (no token needed). */
export async function exampleFundingSimulation(apiUrl: string): Promise<{ total: number; advance: number; essmsCount: number }> {
  const client = new EsmsApiClient({ apiUrl });
  const data = await client.query<{ fundingSimulation: { total: number; advance: number; essmsCount: number } }>(
    `query Simulate($input: FundingSimulationInput!) { fundingSimulation(input: $input) { essmsCount total advance } }`,
    { input: { essms: [{ finess: '141726257', situation: 'ACQUISITION' }, { finess: '142470442', situation: 'UPGRADE' }] } },
  );
  return data.fundingSimulation;
}

/** Example 2 — synchronisation: read everything once, then only what changed since the largest `updatedAt` seen. */
export async function exampleSynchronise(apiUrl: string, token: string, since?: string): Promise<{ items: CandidatureNode[]; nextSince: string | undefined }> {
  const client = new EsmsApiClient({ apiUrl, token });
  const items: CandidatureNode[] = [];
  for await (const candidature of client.candidatures({ updatedSince: since, pageSize: 5 })) items.push(candidature);
  const nextSince = items.reduce<string | undefined>((max, c) => (!max || c.updatedAt > max ? c.updatedAt : max), since);
  return { items, nextSince };
}

/** Example 3 — errors: a file out of the token's scope answers exactly like a file that does not exist. */
export async function exampleOutOfScope(apiUrl: string, token: string, id: string): Promise<string> {
  const client = new EsmsApiClient({ apiUrl, token });
  try {
    await client.query(`query One($id: ID!) { candidature(id: $id) { id } }`, { id });
    return 'FOUND';
  } catch (error) {
    return error instanceof EsmsApiError ? error.code : 'UNKNOWN';
  }
}
