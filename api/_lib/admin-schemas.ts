import * as z from 'zod';
import { JOB_TYPES } from '../../lib/connectors/connector.js';
import { JOB_STATUSES } from '../../lib/jobs/job-lifecycle.js';
import { CONNECTION_STATUSES } from '../../db/tables/connections.table.js';
import { COMMERCE_ENTITIES } from '../../db/tables/commerce.table.js';
import { MAX_RANGE_DAYS } from '../../lib/shared/date-range.js';
import { MIN_REQUESTS_PER_SECOND } from '../../lib/budgets/budget-policy.js';
import { accountId, boundedString, commaListOf, isoDate, jsonDocument, numericId, platformName, playlistId, queryInteger, recordByName, tenantId, videoId } from './input-schemas.js';

/**
 * The admin API's request schemas (DESIGN.md "Contracts"): the endpoints validate with them and
 * the OpenAPI document (openapi-document.ts) is generated from them, so the two cannot differ.
 */

/** `POST /api/admin/backfill` and `…/preview`: which job, for which connection, over which range. */
export const jobRequestBody = z
  .strictObject({
    type: z.enum(JOB_TYPES).default('data-collection'),
    platform: platformName.default('youtube'),
    tenant_id: tenantId,
    /** The connection by id, or by its account id (YouTube channel id, shop id or domain). */
    connection_id: z.number().int().positive().optional(),
    account_id: accountId.optional(),
    /** An inclusive range of days, or `days` back from the platform's latest complete day. */
    start_date: isoDate.optional(),
    end_date: isoDate.optional(),
    days: z.number().int().min(1).max(MAX_RANGE_DAYS).optional(),
    /** Run tasks that already finished again. */
    force: z.boolean().optional(),
    /** Commerce: only these entities (e.g. a failed one re-run alone), still in the platform's order. */
    entities: z.array(z.enum(COMMERCE_ENTITIES)).min(1).max(COMMERCE_ENTITIES.length).optional(),
  })
  .superRefine((body, ctx) => {
    const { start_date: start, end_date: end } = body;
    if ((start === undefined) !== (end === undefined)) {
      ctx.addIssue({ code: 'custom', path: [start === undefined ? 'start_date' : 'end_date'], message: 'start_date and end_date come together' });
    } else if (start !== undefined && end !== undefined) {
      // zod runs this refinement even when a field failed its own check: only two real days
      // are compared, so a malformed end_date is not reported as start_date being "after" it.
      const days = isoDate.safeParse(start).success && isoDate.safeParse(end).success;
      if (days && start > end) ctx.addIssue({ code: 'custom', path: ['start_date'], message: `start_date ${start} is after end_date ${end}` });
      if (body.days !== undefined) ctx.addIssue({ code: 'custom', path: ['days'], message: 'give either days or start_date/end_date, not both' });
    }
  })
  .meta({ id: 'JobRequest' });
export type JobRequestBody = z.infer<typeof jobRequestBody>;

/** A route's `[jobId]` segment. */
export const jobIdQuery = z.strictObject({ jobId: numericId });

/** `GET /api/admin/backfill/jobs` filters and page. */
export const jobListQuery = z.strictObject({
  status: commaListOf(JOB_STATUSES).optional(),
  type: z.enum(JOB_TYPES).optional(),
  platform: platformName.optional(),
  tenant_id: tenantId.optional(),
  limit: queryInteger(1, 100).optional(),
  /** The previous page's `next_cursor`. */
  cursor: numericId.optional(),
});

/**
 * Whether a number has at most `places` decimals (within float error): limits are stored as
 * DOUBLE, which MariaDB answers with 15 significant digits, so a value with more would not
 * read back as written.
 */
function hasDecimals(places: number) {
  const scale = 10 ** places;
  return (value: number) => Math.abs(value * scale - Math.round(value * scale)) < 1e-6;
}

/** One budget's fields in a `PUT`: a number sets it, null puts the environment's default back. */
export const rateLimitsPatch = z.strictObject({
  // At least MIN_REQUESTS_PER_SECOND: a slower rate's slots are further apart than a task may wait.
  requests_per_second: z.number().min(MIN_REQUESTS_PER_SECOND).max(10_000).refine(hasDecimals(3), 'at most 3 decimal places').nullable().optional(),
  daily_quota: z.number().int().min(0).max(1e12).nullable().optional(),
  backfill_share: z.number().min(0).max(1).refine(hasDecimals(4), 'at most 4 decimal places').nullable().optional(),
  concurrency: z.number().int().min(1).max(64).nullable().optional(),
});

/** `PUT /api/admin/backfill/config/rate-limit`: the GET's shape, partially. */
export const rateLimitPutBody = z.strictObject({ platforms: recordByName(rateLimitsPatch) }).meta({ id: 'RateLimitPatch' });

/** `GET /api/admin/tenants/{tenantId}/backfill`. */
export const tenantPathQuery = z.strictObject({ tenantId });

/** `GET /api/admin/connections` filters. */
export const connectionListQuery = z.strictObject({
  tenant_id: tenantId.optional(),
  platform: platformName.optional(),
  status: z.enum(CONNECTION_STATUSES).optional(),
});

/** `POST /api/admin/playlist-sync` and `…/preview` (seed 003): the categories a channel's playlists must match, and the playlists they replace. */
export const playlistSyncBody = z
  .strictObject({
    tenant_id: tenantId,
    channel_id: accountId,
    categories: z
      .array(
        z.strictObject({
          /** The playlist's title: YouTube allows 150 characters, no `<` or `>`. */
          name: boundedString(150).regex(/^[^<>]*$/, { error: 'may not contain < or >' }),
          video_ids: z.array(videoId).max(5_000),
        }),
      )
      .min(1)
      .max(200),
    /** Playlists deleted once every video is in place (only then, unless `delete_despite_failures`). */
    replace_playlist_ids: z.array(playlistId).max(200).default([]),
    delete_despite_failures: z.boolean().optional(),
    /** Refused writes after which the job pauses for a person (`errors_collected`). Default 10. */
    max_failures: z.number().int().min(1).max(100_000).optional(),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.categories.forEach((category, index) => {
      if (seen.has(category.name)) ctx.addIssue({ code: 'custom', path: ['categories', index, 'name'], message: `"${category.name}" is named twice` });
      seen.add(category.name);
    });
    const replaced = new Set<string>();
    body.replace_playlist_ids.forEach((id, index) => {
      if (replaced.has(id)) ctx.addIssue({ code: 'custom', path: ['replace_playlist_ids', index], message: `${id} is listed twice` });
      replaced.add(id);
    });
  })
  .meta({ id: 'PlaylistSyncRequest' });
export type PlaylistSyncBody = z.infer<typeof playlistSyncBody>;

/** `POST /api/admin/playlist-sync/{jobId}/restore`: `preview: true` answers what it would do and writes nothing. */
export const playlistRestoreBody = z.strictObject({ preview: z.boolean().optional(), max_failures: z.number().int().min(1).max(100_000).optional() }).meta({ id: 'PlaylistRestoreRequest' });

/** `POST /api/admin/data-backfills`: a plan (DESIGN.md "Guarded data backfills"); its own schema is served at …/schema.json. */
export const dataBackfillCreateBody = z.strictObject({ plan: jsonDocument }).meta({ id: 'DataBackfillCreate' });

/** A route's `[runId]` segment. */
export const runIdQuery = z.strictObject({ runId: numericId });

/** `POST /api/admin/data-backfills/{runId}/approve`: the phase it unlocks, who and why. */
export const dataBackfillApproveBody = z
  .strictObject({
    phase: z.enum(['apply', 'soak', 'health']),
    note: boundedString(2_000),
    by: boundedString(191).optional(),
    /** Required to approve past a failed phase. */
    override_reason: boundedString(2_000).optional(),
    /** Health only: the database to check instead of HEALTH_DATABASE_URL (kept sealed with the run). */
    database_url: boundedString(2_048).optional(),
  })
  .meta({ id: 'DataBackfillApprove' });

/** `GET /api/admin/data-backfills`: the newest runs. */
export const dataBackfillListQuery = z.strictObject({ limit: queryInteger(1, 100).optional() });
