/* Reads the subgraphs' request and SQL statement counters (server-kit's /internal/metrics). */
import { CLAIMS_HEADER, serviceClaims, signClaims, type SubgraphMetrics } from '@esms/server-kit';

export interface CounterTotals {
  graphqlRequests: number;
  sqlStatements: number;
}

export async function readCounters(subgraphBaseUrls: string[]): Promise<CounterTotals> {
  const claims = await signClaims(serviceClaims('bench'));
  const all = await Promise.all(
    subgraphBaseUrls.map(async (base) => {
      const response = await fetch(`${base}/internal/metrics`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: claims },
        body: '{}',
      });
      if (!response.ok) throw new Error(`${base}/internal/metrics answered ${response.status}`);
      return (await response.json()) as SubgraphMetrics;
    }),
  );
  return {
    graphqlRequests: all.reduce((n, m) => n + m.graphqlRequests, 0),
    sqlStatements: all.reduce((n, m) => n + (m.sqlStatements ?? NaN), 0),
  };
}

/** Per-request averages between two readings. */
export function perRequest(before: CounterTotals, after: CounterTotals, requests: number) {
  return {
    subgraphRequests: requests > 0 ? (after.graphqlRequests - before.graphqlRequests) / requests : NaN,
    sqlStatements: requests > 0 ? (after.sqlStatements - before.sqlStatements) / requests : NaN,
  };
}
