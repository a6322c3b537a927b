import { DEMO_NORMANDIE_2026 } from '@esms/domain';
import type { DataSource } from 'typeorm';
import { NORMANDIE_2024_GRID, type ShippedGrid } from './shipped-grids';
import { syncShippedGrids } from './sync-grids';

/**
 * DEMO ONLY (ESMS_DEMO=1): the grid of the fictional open campaign `normandie-2026-demo` (DEMO_CALENDARS of
 * @esms/domain) — a published copy of the ARS Normandie 2024 grid (same criteria, threshold and priorities), so that
 * the files submitted on the demo campaign can be graded and put on a committee's agenda. Never synced outside demo mode.
 */
export const DEMO_NORMANDIE_2026_GRID: ShippedGrid = {
  ...NORMANDIE_2024_GRID,
  id: '5b1d6a2e-0c51-4f6e-9a28-0000d3502026',
  regionCode: DEMO_NORMANDIE_2026.regionCode,
  campaignId: DEMO_NORMANDIE_2026.id,
  version: 1,
  label: "ARS Normandie 2026 (démonstration) — grille d'aide à l'instruction de la campagne fictive (copie de la grille 2024)",
  source: `démonstration : copie de la grille ARS Normandie 2024 (${NORMANDIE_2024_GRID.source})`,
};

export const DEMO_GRIDS: readonly ShippedGrid[] = [DEMO_NORMANDIE_2026_GRID];

/** Inserts the demo grids once (idempotent, like the shipped grids). Called by main when ESMS_DEMO=1. */
export function syncDemoGrids(db: DataSource): Promise<{ inserted: string[] }> {
  return syncShippedGrids(db, DEMO_GRIDS);
}
