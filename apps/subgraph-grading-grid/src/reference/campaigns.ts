import { DEMO_CALENDARS, SHIPPED_CALENDARS, type CampaignCalendar } from '@esms/domain';

/** Demo mode (ESMS_DEMO=1): the fictional demo campaigns are known too. */
export const isDemoMode = (): boolean => process.env['ESMS_DEMO'] === '1';

/** The calendar of a campaign committees and envelopes may use: a shipped one, or in demo mode a demo one. */
export function knownCampaign(campaignId: string, demo = isDemoMode()): CampaignCalendar | undefined {
  return SHIPPED_CALENDARS.find((c) => c.id === campaignId) ?? (demo ? DEMO_CALENDARS.find((c) => c.id === campaignId) : undefined);
}
