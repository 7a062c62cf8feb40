import { formatCount, formatKeyValues, formatTable, truncate } from './format-table.js';
import type { PlaylistRestorePreview, PlaylistSyncPreview } from './playlist-sync-schemas.js';
import { SYNC_STAGES } from './playlist-sync-schemas.js';

/** Categories (or playlists) listed under the stage table before the rest is summed up. */
const ITEMS_SHOWN = 10;

/** `playlist-sync preview`: each stage's count and quota units, the total, the days it takes and what the preview itself spent. */
export function renderPlaylistSyncPreview(preview: PlaylistSyncPreview): string {
  return [
    `Preview of a playlist sync${preview.channel_id ? ` of channel ${preview.channel_id}` : ''} (nothing was written):`,
    stagesSection(preview),
    ...byCategorySection(preview),
    ...deletesSection(preview),
    "Run 'npx sluice playlist-sync create' with the same file to start it.",
  ].join('\n\n');
}

/** `playlist-sync restore ID --preview`: the playlists it recreates, then the stages as for a sync. */
export function renderPlaylistRestorePreview(restore: PlaylistRestorePreview): string {
  const playlists = restore.playlists.map((p) => [p.playlist_id, truncate(p.title, 60), formatCount(p.video_count)]);
  return [
    `Preview of restoring what job ${restore.source_job_id} deleted (nothing was written):`,
    formatTable(['DELETED PLAYLIST', 'TITLE', 'VIDEOS'], listed(playlists)),
    stagesSection(restore.preview),
    `Run 'npx sluice playlist-sync restore ${restore.source_job_id}' without --preview to start it.`,
  ].join('\n\n');
}

/** The stage table, then the total, the days and the quota it was computed from. */
function stagesSection(preview: PlaylistSyncPreview): string {
  const rows = SYNC_STAGES.map((stage) => [stage, formatCount(preview.stages[stage].count), formatCount(preview.stages[stage].quota_cost)]);
  const table = formatTable(['STAGE', 'COUNT', 'QUOTA UNITS'], [...rows, ['total', '', formatCount(preview.total_quota_cost)]]);
  const limit = preview.daily_quota_limit;
  const left = preview.quota_left_today;
  return [
    table,
    '',
    formatKeyValues([
      ['Estimated days', `${formatCount(preview.estimated_days)} ${preview.estimated_days === 1 ? 'day' : 'days'}`],
      ['Daily quota', typeof limit === 'number' ? `${formatCount(limit)} units${typeof left === 'number' ? `, ${formatCount(left)} left today` : ''}` : undefined],
      ['Preview cost', typeof preview.preview_quota_cost === 'number' ? `${formatCount(preview.preview_quota_cost)} units (spent reading the channel)` : undefined],
    ]),
  ].join('\n');
}

function byCategorySection(preview: PlaylistSyncPreview): string[] {
  const categories = preview.stages.add_videos.by_category ?? [];
  if (categories.length === 0) return [];
  const rows = categories.map((c) => [truncate(c.category_name, 40), c.playlist_id ?? '(new)', formatCount(c.video_count), formatCount(c.already_present ?? 0)]);
  return [formatTable(['CATEGORY', 'PLAYLIST', 'TO ADD', 'ALREADY THERE'], listed(rows))];
}

function deletesSection(preview: PlaylistSyncPreview): string[] {
  const items = preview.stages.delete_playlists.items ?? [];
  if (items.length === 0) return [];
  const rows = items.map((p) => [p.playlist_id, truncate(p.title ?? '', 60), typeof p.item_count === 'number' ? formatCount(p.item_count) : '']);
  return [formatTable(['DELETED AFTERWARDS', 'TITLE', 'ITEMS'], listed(rows))];
}

/** The first rows and a `… N more` row. */
function listed(rows: string[][]): string[][] {
  return rows.length > ITEMS_SHOWN ? [...rows.slice(0, ITEMS_SHOWN), [`… ${rows.length - ITEMS_SHOWN} more`]] : rows;
}
