import { CLAIMS_HEADER, serviceClaims, signClaims } from './claims';

/**
 * Calls another subgraph (its GraphQL API or an /internal/ route) as a service: a fact owned by
 * another subgraph is read through its API, never from its database.
 */
export async function callInternal<T>(baseUrl: string, route: string, body: unknown, service: string): Promise<T> {
  const response = await fetch(new URL(`/internal/${route}`, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signClaims(serviceClaims(service)) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`internal call ${route} answered ${response.status}`);
  return (await response.json()) as T;
}

export async function callSubgraph<T>(graphqlUrl: string, query: string, variables: Record<string, unknown>, service: string): Promise<T> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signClaims(serviceClaims(service)) },
    body: JSON.stringify({ query, variables }),
  });
  const payload = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (payload.errors?.length) throw new Error(`subgraph call failed: ${payload.errors.map((e) => e.message).join('; ')}`);
  return payload.data as T;
}
