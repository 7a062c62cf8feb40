/** Task kinds are `${platform}.${name}`; the dedupe key is a contract (DESIGN.md). */
export const DAILY_CHANNEL_KIND = 'youtube.daily_channel';

/** DESIGN.md contract: `{tenant_id}:daily_channel:{channel_id}:{run_for_dt}`. */
export function dailyChannelKey(tenantId: string, channelId: string, runForDt: string): string {
  return `${tenantId}:daily_channel:${channelId}:${runForDt}`;
}

export const CHANNEL_DAILY_ROLLUP_KIND = 'youtube.channel_daily_rollup';

/** `{tenant_id}:channel_daily_rollup:{channel_id}:{start_date}:{end_date}`: one rollup per range. */
export function channelDailyRollupKey(tenantId: string, channelId: string, startDate: string, endDate: string): string {
  return `${tenantId}:channel_daily_rollup:${channelId}:${startDate}:${endDate}`;
}

export const PLAYLIST_SYNC_KIND = 'youtube.playlist_sync';

/** `{tenant_id}:playlist_sync:{channel_id}:{created_at}` (or `playlist_restore`): every sync request is a run of its own. */
export function playlistSyncKey(tenantId: string, channelId: string, mode: 'sync' | 'restore', createdAt: Date): string {
  return `${tenantId}:playlist_${mode}:${channelId}:${createdAt.toISOString()}`;
}
