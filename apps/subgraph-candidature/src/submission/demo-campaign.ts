import { DEMO_NORMANDIE_2026, type CampaignCalendar } from '@esms/domain';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * DEMO ONLY (ESMS_DEMO=1): the shipped campaigns (Normandie 2024, PACA 2023) are closed today, so the demo adds an
 * OPEN campaign whose calendar is data like the others — clearly labelled as a demonstration calendar, not an ARS text.
 * The calendar lives in @esms/domain (`DEMO_CALENDARS`) so that the grading-grid knows the same campaign.
 */
export const DEMO_OPEN_CALENDAR: CampaignCalendar = DEMO_NORMANDIE_2026;

export async function ensureDemoOpenCampaign(db: DataSource | EntityManager): Promise<void> {
  const c = DEMO_OPEN_CALENDAR;
  await db.query(`INSERT INTO campaign (id, region_code, year, label, calendar) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (id) DO NOTHING`, [
    c.id,
    c.regionCode,
    c.year,
    c.label,
    JSON.stringify(c),
  ]);
}
