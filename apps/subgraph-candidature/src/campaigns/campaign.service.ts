import { SHIPPED_CALENDARS, trackStatus, type CampaignCalendar, type Track } from '@esms/domain';
import { byKeys, loaderFor, type SubgraphContext } from '@esms/server-kit';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { PeriodStatus, TrackKind } from '../shared/enums';
import { CampaignRow } from './campaign.entity';
import type { Campaign, CampaignTrack } from './campaign.types';

/** The calendars shipped with the domain (003, 001) are programme data: inserted at start-up when missing. */
export async function ensureShippedCampaigns(db: DataSource | EntityManager): Promise<void> {
  for (const c of SHIPPED_CALENDARS) {
    await db.query(
      `INSERT INTO campaign (id, region_code, year, label, calendar) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (id) DO NOTHING`,
      [c.id, c.regionCode, c.year, c.label, JSON.stringify(c)],
    );
  }
}

const status = (track: Track, now: Date) => trackStatus(track, now) as PeriodStatus;

function trackView(kind: TrackKind, track: Track, now: Date): CampaignTrack {
  return {
    kind,
    label: kind === TrackKind.REGIONAL ? 'Projets régionaux' : 'Projets multirégionaux',
    opensOn: track.opensOn,
    closesOn: track.closesOn,
    status: status(track, now),
    windows: track.windows.map((w) => ({ ...w, status: status({ opensOn: w.opensOn, closesOn: w.closesOn, windows: [] }, now) })),
  };
}

export function campaignView(row: CampaignRow, now = new Date()): Campaign {
  const cal: CampaignCalendar = row.calendar;
  const tracks = [trackView(TrackKind.REGIONAL, cal.tracks.regional, now), trackView(TrackKind.MULTIREGIONAL, cal.tracks.multiregional, now)];
  const overall = tracks.some((t) => t.status === PeriodStatus.OPEN)
    ? PeriodStatus.OPEN
    : tracks.every((t) => t.status === PeriodStatus.UPCOMING)
      ? PeriodStatus.UPCOMING
      : tracks.some((t) => t.status === PeriodStatus.UPCOMING)
        ? PeriodStatus.UPCOMING
        : PeriodStatus.CLOSED;
  return {
    id: row.id,
    label: row.label,
    year: row.year,
    regionCode: row.regionCode,
    region: { code: row.regionCode },
    source: cal.source,
    status: overall,
    tracks,
  };
}

export const campaignLoader = (ctx: SubgraphContext) =>
  loaderFor<string, CampaignRow>(ctx, 'campaign', async (ids) =>
    byKeys(ids, await ctx.db.getRepository(CampaignRow).findBy({ id: In([...ids]) }), (r) => r.id),
  );
