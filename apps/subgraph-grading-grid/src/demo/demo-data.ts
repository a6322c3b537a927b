import type { DataSource } from 'typeorm';

const MARKER = 'demo-data-v1';

/**
 * Demo data (ESMS_DEMO=1), loaded once (marker row). The shipped grids are reference data and are
 * present in every mode. Demo evaluations are left out for now: the candidature subgraph's demo
 * candidatures have no deterministic ids yet, and an evaluation of an id that does not exist would
 * show nowhere. When their ids are fixed, add signed and draft evaluations here (bump the marker).
 */
export async function loadDemoData(db: DataSource): Promise<{ loaded: boolean; evaluations: number }> {
  const rows = (await db.query(`INSERT INTO grading_marker (name) VALUES ($1) ON CONFLICT DO NOTHING RETURNING name`, [MARKER])) as unknown[];
  return { loaded: rows.length > 0, evaluations: 0 };
}
