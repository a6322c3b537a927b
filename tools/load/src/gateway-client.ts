/* The porteur's side of the gateway for the preparation: login (session cookie), GraphQL, piece upload. Loopback only. */

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!/^127\.\d+\.\d+\.\d+$/.test(host) && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`The load test only sends traffic to this machine (127.0.0.1), not to ${host}.`);
  }
}

export class GatewayError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** POST /auth/login; returns the `esms_session=…` cookie pair. */
export async function login(gatewayUrl: string, email: string, password: string): Promise<string> {
  assertLoopback(gatewayUrl);
  const response = await fetch(`${gatewayUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const token = /esms_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (!response.ok || !token) throw new GatewayError(`Login of ${email} failed (HTTP ${response.status}): ${(await response.text()).slice(0, 200)}`, `HTTP_${response.status}`);
  return `esms_session=${token}`;
}

export async function gql<T>(gatewayUrl: string, cookie: string | null, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new GatewayError(`HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`, `HTTP_${response.status}`);
  }
  if (body.errors?.length || !body.data) {
    const first = body.errors?.[0];
    throw new GatewayError(`${first?.message ?? `HTTP ${response.status}`} (${query.slice(0, 60).replace(/\s+/g, ' ')}…)`, first?.extensions?.code ?? `HTTP_${response.status}`);
  }
  return body.data;
}

/** POST /files/candidatures/:id/pieces/:code with a raw body (the web app's upload). */
export async function uploadPiece(gatewayUrl: string, cookie: string, candidatureId: string, code: string, content: Buffer, fileName: string): Promise<void> {
  const response = await fetch(`${gatewayUrl}/files/candidatures/${candidatureId}/pieces/${code}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(fileName) },
    body: new Uint8Array(content),
  });
  if (response.status !== 201) throw new GatewayError(`Upload of ${code} for ${candidatureId} failed (HTTP ${response.status}): ${(await response.text()).slice(0, 200)}`, `HTTP_${response.status}`);
}

/** Runs `task` over the items, `concurrency` at a time, in order of start; rejects on the first failure. */
export async function eachLimited<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
