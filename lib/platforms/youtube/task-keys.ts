/** DESIGN.md contract: `{tenant_id}:daily_channel:{channel_id}:{run_for_dt}`. */
export const DAILY_CHANNEL_KIND = 'daily_channel';

export function dailyChannelKey(tenantId: string, channelId: string, runForDt: string): string {
  return `${channelPrefix(tenantId, channelId)}${runForDt}`;
}

/** The common prefix of one channel's chunk keys (to resume its parked tasks). */
export function channelPrefix(tenantId: string, channelId: string): string {
  return `${tenantId}:${DAILY_CHANNEL_KIND}:${channelId}:`;
}
