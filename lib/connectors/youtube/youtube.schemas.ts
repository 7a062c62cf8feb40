import * as z from 'zod';

/**
 * Raw response shapes, validated at the client boundary.
 * https://developers.google.com/youtube/analytics/reference/reports/query#response
 * `rows` is absent when the report has no data.
 */
export const resultTableSchema = z.object({
  kind: z.literal('youtubeAnalytics#resultTable').optional(),
  columnHeaders: z.array(z.object({ name: z.string(), columnType: z.string().optional(), dataType: z.string().optional() })),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))).optional(),
});
export type ResultTable = z.infer<typeof resultTableSchema>;

/**
 * https://developers.google.com/youtube/v3/docs/channels/list#response — with the parts Sluice
 * asks for: `contentDetails.relatedPlaylists.uploads` (the uploads playlist) and
 * `statistics.videoCount` (an unsigned 64-bit count, which Google sends as a string).
 */
export const channelListSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        snippet: z.object({ title: z.string() }).partial().optional(),
        contentDetails: z.object({ relatedPlaylists: z.object({ uploads: z.string().min(1) }).partial().optional() }).optional(),
        statistics: z.object({ videoCount: z.coerce.number().int().nonnegative() }).partial().optional(),
      }),
    )
    .optional(),
});

/** https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expiry_date: z.number().nullish(),
  scope: z.string().nullish(),
});

/** Google's JSON error envelope: https://cloud.google.com/apis/design/errors#http_mapping */
export const googleErrorSchema = z.object({
  error: z.union([
    z.string(), // OAuth endpoint: { error: "invalid_grant", error_description }
    z.object({
      code: z.number().optional(),
      message: z.string().optional(),
      status: z.string().optional(),
      errors: z.array(z.object({ reason: z.string().optional(), domain: z.string().optional(), message: z.string().optional() })).optional(),
    }),
  ]),
  error_description: z.string().optional(),
});

/** https://developers.google.com/youtube/v3/docs/playlists#resource (the parts Sluice asks for) */
export const playlistSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({ title: z.string().optional(), description: z.string().optional() }).optional(),
  status: z.object({ privacyStatus: z.string().optional() }).optional(),
  contentDetails: z.object({ itemCount: z.number().int().nonnegative().optional() }).optional(),
});

/** https://developers.google.com/youtube/v3/docs/playlists/list#response */
export const playlistListSchema = z.object({ nextPageToken: z.string().optional(), items: z.array(playlistSchema).default([]) });

/** https://developers.google.com/youtube/v3/docs/playlistItems#resource */
export const playlistItemSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({ position: z.number().int().optional(), resourceId: z.object({ videoId: z.string().optional() }).optional() }).optional(),
  contentDetails: z.object({ videoId: z.string().optional() }).optional(),
});

/** https://developers.google.com/youtube/v3/docs/playlistItems/list#response */
export const playlistItemListSchema = z.object({ nextPageToken: z.string().optional(), items: z.array(playlistItemSchema).default([]) });

/**
 * An uploads playlist's item: the video and when it was published.
 * https://developers.google.com/youtube/v3/docs/playlistItems#resource
 */
export const uploadItemSchema = z.object({
  snippet: z.object({ title: z.string().default(''), publishedAt: z.iso.datetime({ offset: true }).optional(), resourceId: z.object({ videoId: z.string().min(1) }) }),
  contentDetails: z.object({ videoId: z.string().min(1).optional(), videoPublishedAt: z.iso.datetime({ offset: true }).optional() }).optional(),
});

export const uploadItemListSchema = z.object({
  nextPageToken: z.string().optional(),
  pageInfo: z.object({ totalResults: z.number().int().nonnegative().optional() }).optional(),
  items: z.array(uploadItemSchema).default([]),
});
