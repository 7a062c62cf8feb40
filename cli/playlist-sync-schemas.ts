/**
 * The playlist write-sync's answers as the CLI reads them (issue 13): the preview, the restore
 * preview, and the status fields a `playlist-sync` job adds. Lenient like admin-schemas.ts: what
 * the output is drawn from is required, the rest passes through.
 */
import * as z from 'zod';

export const SYNC_STAGES = ['backup', 'create_playlists', 'add_videos', 'delete_playlists'] as const;
export type SyncStage = (typeof SYNC_STAGES)[number];

const count = z.number();
const stageCost = { count, quota_cost: count };

export const PlaylistSyncStagesSchema = z.looseObject({
  stages: z.looseObject({
    backup: z.looseObject(stageCost),
    create_playlists: z.looseObject({ ...stageCost, items: z.array(z.looseObject({ category_name: z.string() })).nullish() }),
    add_videos: z.looseObject({
      ...stageCost,
      by_category: z.array(z.looseObject({ category_name: z.string(), playlist_id: z.string().nullish(), video_count: count, already_present: count.nullish() })).nullish(),
    }),
    delete_playlists: z.looseObject({ ...stageCost, items: z.array(z.looseObject({ playlist_id: z.string(), title: z.string().nullish(), item_count: count.nullish() })).nullish() }),
  }),
  total_quota_cost: count,
  estimated_days: count,
  daily_quota_limit: count.nullish(),
  quota_left_today: count.nullish(),
  preview_quota_cost: count.nullish(),
  channel_id: z.string().nullish(),
});
export type PlaylistSyncPreview = z.infer<typeof PlaylistSyncStagesSchema>;

export const PlaylistRestorePreviewSchema = z.looseObject({
  source_job_id: z.union([z.number(), z.string()]),
  playlists: z.array(z.looseObject({ playlist_id: z.string(), title: z.string(), video_count: count })),
  preview: PlaylistSyncStagesSchema,
});
export type PlaylistRestorePreview = z.infer<typeof PlaylistRestorePreviewSchema>;

const tally = z.looseObject({ succeeded: count, failed: count, skipped: count });

/** Spread into JobSchema: absent on every other job type. */
export const playlistSyncJobFields = {
  stage: z.string().nullish(),
  current_stage_progress: count.nullish(),
  current_stage_total: count.nullish(),
  stage_results: z.looseObject({ backup: tally, create_playlists: tally, add_videos: tally, delete_playlists: tally }).nullish(),
  quota_used_this_sync: count.nullish(),
  pause_reason: z.string().nullish(),
  resumes_at: z.string().nullish(),
  last_resumed_at: z.string().nullish(),
  error_count: count.nullish(),
};
