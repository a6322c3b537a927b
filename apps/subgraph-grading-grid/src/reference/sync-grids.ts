import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SHIPPED_PRIORITY_MATCHERS } from './priority-matchers';
import { SHIPPED_GRIDS, type ShippedGrid } from './shipped-grids';

/**
 * Reference-data sync, run at every start (not only in demo mode): inserts each shipped grid once, as
 * PUBLISHED version 1 of its campaign. Idempotent and safe with several replicas starting together
 * (`ON CONFLICT DO NOTHING`); a grid already present is never touched (published grids are immutable:
 * changes go through a new version).
 */
export async function syncShippedGrids(db: DataSource, grids: readonly ShippedGrid[] = SHIPPED_GRIDS): Promise<{ inserted: string[] }> {
  const inserted: string[] = [];
  for (const grid of grids) {
    // Matchers of the shipped priority rules (added after the first grids shipped): filled where still empty.
    for (const r of grid.priorityRules) {
      const matcher = matcherOf(r.code);
      if (matcher) await db.query(`UPDATE priority_rule SET matcher = $3::jsonb WHERE grid_id = $1 AND code = $2 AND matcher IS NULL`, [grid.id, r.code, matcher]);
    }
    await db.transaction(async (m) => {
      const rows = (await m.query(
        `INSERT INTO grid (id, region_code, campaign_id, version, status, label, source, maturity_threshold, created_by, published_at)
         VALUES ($1, $2, $3, $4, 'PUBLISHED', $5, $6, $7, 'reference-data', now())
         ON CONFLICT DO NOTHING RETURNING id`,
        [grid.id, grid.regionCode, grid.campaignId, grid.version, grid.label, grid.source, grid.maturityThreshold],
      )) as { id: string }[];
      if (rows.length === 0) return;
      for (const [position, c] of grid.criteria.entries()) {
        await m.query(`INSERT INTO grid_criterion (id, grid_id, code, label, guidance, max_points, position) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
          randomUUID(),
          grid.id,
          c.code,
          c.label,
          c.guidance,
          c.maxPoints,
          position + 1,
        ]);
      }
      for (const [position, r] of grid.priorityRules.entries()) {
        await m.query(`INSERT INTO priority_rule (id, grid_id, code, label, description, position, matcher) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
          randomUUID(),
          grid.id,
          r.code,
          r.label,
          r.description,
          position + 1,
          matcherOf(r.code),
        ]);
      }
      await m.query(`INSERT INTO grid_event (id, grid_id, action, actor_id, from_status, to_status, details) VALUES ($1, $2, 'REFERENCE_SYNCED', 'reference-data', NULL, 'PUBLISHED', $3)`, [
        randomUUID(),
        grid.id,
        JSON.stringify({ source: grid.source }),
      ]);
      inserted.push(grid.id);
    });
  }
  return { inserted };
}

function matcherOf(code: string): string | null {
  const matcher = SHIPPED_PRIORITY_MATCHERS[code];
  return matcher ? JSON.stringify(matcher) : null;
}
