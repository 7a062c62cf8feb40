import * as z from 'zod';

/** Refused writes after which a sync pauses for a person (`errors_collected`), unless the request says otherwise. */
export const DEFAULT_MAX_FAILURES = 10;

const estimate = z.object({ api_calls: z.number().int().nonnegative(), quota_units: z.number().int().nonnegative() });

/**
 * What a playlist-sync task is asked to do, as its service validated and stored it: a `sync`
 * makes the categories' playlists match them and deletes the replaced playlists; a `restore`
 * recreates the playlists a sync deleted, from that sync's backup snapshots.
 */
export const playlistSyncPayloadSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('sync'),
    channel_id: z.string().min(1),
    category_ids: z.array(z.number().int().positive()).min(1),
    replace_playlist_ids: z.array(z.string().min(1)),
    delete_despite_failures: z.boolean(),
    max_failures: z.number().int().positive(),
    estimate,
  }),
  z.object({
    mode: z.literal('restore'),
    channel_id: z.string().min(1),
    source_job_id: z.number().int().positive(),
    snapshot_ids: z.array(z.number().int().positive()).min(1),
    max_failures: z.number().int().positive(),
    estimate,
  }),
]);
export type PlaylistSyncPayload = z.infer<typeof playlistSyncPayloadSchema>;
