import type { CampaignCalendar } from '@esms/domain';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * DEMO ONLY (ESMS_DEMO=1): the shipped campaigns (Normandie 2024, PACA 2023) are closed today, so the demo adds an
 * OPEN campaign whose calendar is data like the others — clearly labelled as a demonstration calendar, not an ARS text.
 */
export const DEMO_OPEN_CALENDAR: CampaignCalendar = {
  id: 'normandie-2026-demo',
  regionCode: '28',
  year: 2026,
  label: 'ARS Normandie 2026 (démonstration) — calendrier fictif pour essayer le dépôt',
  source: 'démonstration (calendrier fictif, aucun texte de l’ARS)',
  tracks: {
    regional: {
      opensOn: '2026-01-15',
      closesOn: '2027-03-31',
      windows: [
        { code: 'W1', opensOn: '2026-01-15', closesOn: '2026-09-30' },
        { code: 'W2', opensOn: '2026-10-01', closesOn: '2027-03-31' },
      ],
    },
    multiregional: {
      opensOn: '2026-01-15',
      closesOn: '2027-03-31',
      windows: [{ code: 'W1', opensOn: '2026-01-15', closesOn: '2027-03-31' }],
    },
  },
};

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
