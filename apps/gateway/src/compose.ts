import { composeServices } from '@apollo/composition';
import { CLAIMS_HEADER, serviceClaims, signClaims } from '@esms/server-kit';
import { parse } from 'graphql';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** A subgraph to compose: its name in the supergraph and its URL (base URL or `/graphql` URL). */
export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/** `http://127.0.0.1:4001` → `http://127.0.0.1:4001/graphql` (a URL already ending in /graphql is kept). */
export function graphqlUrlOf(url: string): string {
  const u = new URL(url);
  if (!u.pathname.endsWith('/graphql')) u.pathname = `${u.pathname.replace(/\/+$/, '')}/graphql`;
  return u.toString();
}

/** The subgraphs configured in the environment (each optional: whatever is set is composed). */
export function subgraphsFromEnv(env: NodeJS.ProcessEnv = process.env): SubgraphEndpoint[] {
  const list: [string, string | undefined][] = [
    ['annuaire', env['ESMS_ANNUAIRE_URL']],
    ['candidature', env['ESMS_CANDIDATURE_URL']],
    ['grading-grid', env['ESMS_GRADING_URL']],
  ];
  return list.filter((entry): entry is [string, string] => !!entry[1]).map(([name, url]) => ({ name, url }));
}

/** Reads a subgraph's SDL (`{ _service { sdl } }`) as the gateway service; retries until `waitMs` has passed. */
export async function fetchSubgraphSdl(endpoint: SubgraphEndpoint, waitMs = 0): Promise<string> {
  const deadline = Date.now() + waitMs;
  let lastError: unknown;
  do {
    try {
      const response = await fetch(graphqlUrlOf(endpoint.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signClaims(serviceClaims('gateway')) },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json()) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
      const sdl = body.data?._service?.sdl;
      if (response.ok && sdl) return sdl;
      lastError = new Error(`HTTP ${response.status} ${body.errors?.map((e) => e.message).join('; ') ?? ''}`);
    } catch (error) {
      lastError = error;
    }
    if (Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  } while (Date.now() < deadline);
  throw new Error(`Impossible de lire le schéma du sous-graphe « ${endpoint.name} » (${graphqlUrlOf(endpoint.url)}) : ${(lastError as Error)?.message ?? lastError}`);
}

export class CompositionError extends Error {
  constructor(readonly errors: string[]) {
    super(`La composition du supergraphe a échoué :\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
}

/** Composes the subgraphs' SDL into a Federation 2 supergraph; throws CompositionError with every error. */
export function composeSupergraph(subgraphs: (SubgraphEndpoint & { sdl: string })[]): string {
  if (subgraphs.length === 0) throw new CompositionError(['aucun sous-graphe configuré (ESMS_ANNUAIRE_URL, ESMS_CANDIDATURE_URL, ESMS_GRADING_URL)']);
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: graphqlUrlOf(s.url), typeDefs: parse(s.sdl) })));
  if (result.errors?.length) throw new CompositionError(result.errors.map((e) => e.message));
  return result.supergraphSdl as string;
}

/** Fetches every SDL, composes, and writes the supergraph when `outputPath` is given. */
export async function buildSupergraph(endpoints: SubgraphEndpoint[], options: { outputPath?: string; waitMs?: number } = {}): Promise<string> {
  const withSdl = await Promise.all(endpoints.map(async (e) => ({ ...e, sdl: await fetchSubgraphSdl(e, options.waitMs ?? 0) })));
  const supergraph = composeSupergraph(withSdl);
  if (options.outputPath) {
    const path = resolve(options.outputPath);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, supergraph, 'utf8');
  }
  return supergraph;
}

/** Where the supergraph is written: SUPERGRAPH_PATH or apps/gateway/supergraph.graphql (gitignored). */
export function defaultSupergraphPath(): string {
  return resolve(process.env['SUPERGRAPH_PATH'] ?? resolve(__dirname, '../supergraph.graphql'));
}
