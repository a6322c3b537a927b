/** `nx run gateway:compose`: fetches the configured subgraphs' SDL, composes and writes the supergraph file. */
import { buildSupergraph, defaultSupergraphPath, subgraphsFromEnv } from './compose';

async function main() {
  const endpoints = subgraphsFromEnv();
  const outputPath = defaultSupergraphPath();
  await buildSupergraph(endpoints, { outputPath, waitMs: Number(process.env['ESMS_COMPOSE_WAIT_MS'] ?? 30_000) });
  console.log(`Supergraphe écrit dans ${outputPath} (${endpoints.map((e) => e.name).join(', ')}).`);
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
