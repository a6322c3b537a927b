import { generateFinessKey, parisDate } from '@esms/domain';
import type { DataSource } from 'typeorm';

/** A valid FINESS (Luhn key computed by the domain): département prefix + 6-digit number. */
export const finess = (dep: string, n: number): string => {
  const first8 = `${dep}${String(n).padStart(8 - dep.length, '0')}`;
  return `${first8}${generateFinessKey(first8)}`;
};

/** A campaign open today (both tracks), for submission tests. */
export async function insertOpenCampaign(db: DataSource, id: string, regionCode: string): Promise<void> {
  const today = Date.now();
  const opensOn = parisDate(new Date(today - 30 * 86_400_000));
  const closesOn = parisDate(new Date(today + 30 * 86_400_000));
  const track = { opensOn, closesOn, windows: [{ code: 'W1', opensOn, closesOn }] };
  const calendar = { id, regionCode, year: 2026, label: `Campagne de test ${regionCode}`, source: 'test', tracks: { regional: track, multiregional: track } };
  await db.query(`INSERT INTO campaign (id, region_code, year, label, calendar) VALUES ($1, $2, 2026, $3, $4::jsonb)`, [id, regionCode, calendar.label, JSON.stringify(calendar)]);
}
