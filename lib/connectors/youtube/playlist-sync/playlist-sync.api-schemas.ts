import * as z from 'zod';
import { jobSchemaWith } from '../../../jobs/admin-api.schemas.js';
import { PAUSE_REASONS, SYNC_STAGES } from './playlist-sync-state.js';

/**
 * The playlist write-sync's answers (issue 13, seed 003) as zod schemas, for the OpenAPI
 * document: its preview, its restore preview, and the status fields a `playlist-sync` job adds
 * to the job (playlist-sync.details.ts).
 */

const time = z.iso.datetime();
const units = z.number().int().meta({ description: 'YouTube Data API quota units' });
const stageCost = { count: z.number().int(), quota_cost: units };

export const playlistSyncPreviewSchema = z
  .object({
    stages: z.object({
      backup: z.object(stageCost).meta({ description: "reading the channel's playlists and their items into backup_snapshots" }),
      create_playlists: z.object({ ...stageCost, items: z.array(z.object({ category_name: z.string() })) }),
      add_videos: z.object({
        ...stageCost,
        by_category: z.array(
          z.object({
            category_name: z.string(),
            playlist_id: z.string().nullable().meta({ description: 'the playlist it reuses; null: created by the sync' }),
            video_count: z.number().int().meta({ description: 'videos to add' }),
            already_present: z.number().int().meta({ description: 'videos in the playlist already: not counted' }),
          }),
        ),
      }),
      delete_playlists: z.object({ ...stageCost, items: z.array(z.object({ playlist_id: z.string(), title: z.string(), item_count: z.number().int() })) }),
    }),
    total_quota_cost: units,
    estimated_days: z.number().int().meta({ description: 'days the daily quota spreads the work over, from what is left today' }),
    daily_quota_limit: z.number().int().nullable(),
    quota_left_today: z.number().int().nullable(),
    preview_quota_cost: units.meta({ description: 'units the preview itself spent reading the channel' }),
  })
  .meta({ id: 'PlaylistSyncStages' });

/** `POST /api/admin/playlist-sync/preview`: the stages, for this channel's connection. */
export const playlistSyncPreviewAnswerSchema = playlistSyncPreviewSchema.extend({ channel_id: z.string(), connection_id: z.number().int() }).meta({ id: 'PlaylistSyncPreview' });

/** `POST /api/admin/playlist-sync/{jobId}/restore` with `preview: true`. */
export const playlistRestorePreviewSchema = z
  .object({
    source_job_id: z.number().int(),
    playlists: z.array(z.object({ snapshot_id: z.number().int(), playlist_id: z.string().meta({ description: 'the deleted playlist' }), title: z.string(), video_count: z.number().int() })),
    preview: playlistSyncPreviewSchema,
  })
  .meta({ id: 'PlaylistRestorePreview' });

const tally = z.object({ succeeded: z.number().int(), failed: z.number().int(), skipped: z.number().int() });

/** What a `playlist-sync` job adds to the job's status; absent on other job types. */
export const playlistSyncJobFields = {
  stage: z.enum(SYNC_STAGES).optional().meta({ description: 'playlist-sync: the stage it is in' }),
  current_stage_progress: z.number().int().optional().meta({ description: "playlist-sync: the stage's items done" }),
  current_stage_total: z.number().int().optional().meta({ description: "playlist-sync: the stage's items" }),
  stage_results: z.object({ backup: tally, create_playlists: tally, add_videos: tally, delete_playlists: tally }).optional().meta({ description: 'playlist-sync: items succeeded, failed and skipped per stage' }),
  quota_used_this_sync: units.optional().meta({ description: 'playlist-sync: units of every request it sent' }),
  pause_reason: z.enum(PAUSE_REASONS).nullable().optional().meta({ description: 'playlist-sync: why it waits; quota_exhausted keeps the job running until resumes_at' }),
  resumes_at: time.nullable().optional().meta({ description: 'playlist-sync: when a quota pause ends (the next midnight Pacific)' }),
  last_resumed_at: time.nullable().optional(),
  error_count: z.number().int().optional().meta({ description: 'playlist-sync: refused writes in all (errors keeps the latest)' }),
};

/** What a playlist-sync item's entry adds to the job's `errors`. */
export const playlistSyncErrorFields = {
  stage: z.enum(SYNC_STAGES).optional(),
  entity_type: z.enum(['playlist', 'video']).optional(),
  entity_id: z.string().optional(),
};

/** A `playlist-sync` job: the job's fixed shape with the stage fields (DESIGN.md "Jobs": extra fields are welcome). */
export const playlistSyncJobSchema = jobSchemaWith(playlistSyncJobFields, playlistSyncErrorFields).meta({ id: 'PlaylistSyncJob' });
