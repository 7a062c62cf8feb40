/** Task kinds are `${platform}.${name}`; the dedupe key is a contract (DESIGN.md). */
export const DAILY_CHANNEL_KIND = 'youtube.daily_channel';

/** DESIGN.md contract: `{tenant_id}:daily_channel:{channel_id}:{run_for_dt}`. */
export function dailyChannelKey(tenantId: string, channelId: string, runForDt: string): string {
  return `${tenantId}:daily_channel:${channelId}:${runForDt}`;
}
