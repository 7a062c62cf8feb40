/**
 * The admin API's answers as the CLI reads them (DESIGN.md "Jobs", "Contracts"). Lenient on
 * purpose: extra fields pass through and fields the CLI can live without are optional, so
 * a server that adds detail never breaks an operator's CLI; what the CLI acts on (ids,
 * statuses, progress counts) is required.
 */
import * as z from 'zod';
import { playlistSyncJobFields } from './playlist-sync-schemas.js';

export const JOB_STATUSES = ['pending', 'running', 'paused', 'succeeded', 'failed', 'cancelled'] as const;
export const ACTIVE_JOB_STATUSES = ['pending', 'running', 'paused'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export function isActiveStatus(status: JobStatus): boolean {
  return (ACTIVE_JOB_STATUSES as readonly string[]).includes(status);
}

const id = z.union([z.number(), z.string()]);
const count = z.number();

/** One entry of a job's per-scope detail (`scopes`), or a commerce job's `entities`. */
const ScopeProgressSchema = z.looseObject({
  status: z.string(),
  done: count,
  total: count,
  percent: z.number().nullish(),
  message: z.string().nullish(),
});

/**
 * One weekly chunk of a YouTube metrics job (lib/connectors/youtube/chunk-completeness.details.ts):
 * `top_list` is `complete`, `capped` (its tail is fetched per video) or `pending`; a string here,
 * so a state added later prints as itself.
 */
const ChunkCompletenessSchema = z.looseObject({
  run_for_dt: z.string(),
  status: z.string(),
  /** complete · capped · pending · unknown (a chunk run before this was kept); read as any string. */
  top_list: z.string(),
  capped_days: count,
  /** null until the tail is known. */
  tail_videos: count.nullish(),
  tail_fetched: count,
});
export type ChunkCompleteness = z.infer<typeof ChunkCompletenessSchema>;

export const JobSchema = z.looseObject({
  id,
  type: z.string(),
  status: z.enum(JOB_STATUSES),
  reason: z.string().nullish(),
  tenant_id: z.string(),
  platform: z.string(),
  connection_id: id.nullish(),
  account_id: z.string().nullish(),
  scope: z.string().nullish(),
  config: z.unknown().optional(),
  progress: z.looseObject({ done: count, total: count, percent: z.number().nullish(), steps_done: count.nullish() }),
  message: z.string().nullish(),
  checkpoint: z.unknown().optional(),
  errors: z.array(z.looseObject({ at: z.string(), message: z.string() })).nullish(),
  scopes: z.array(ScopeProgressSchema.extend({ scope: z.string() })).nullish(),
  /** A commerce entity's total is null until the vendor's count is read. */
  entities: z.array(ScopeProgressSchema.extend({ entity: z.string(), total: count.nullable() })).nullish(),
  /** A YouTube metrics job's weekly chunks: whether each one's top lists were complete, or how far its tail is. */
  chunk_completeness: z.array(ChunkCompletenessSchema).nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  started_at: z.string().nullish(),
  finished_at: z.string().nullish(),
  budget: z.unknown().optional(),
  /** Why the job's calls wait for a budget, and until when (null: until a person raises a limit). */
  budget_wait: z.looseObject({ budget: z.string(), until: z.string().nullish(), reason: z.string() }).nullish(),
  eta: z.string().nullish(),
  duration_seconds: z.number().nullish(),
  outcome: z.string().nullish(),
  error_summary: z.string().nullish(),
  /** A `playlist-sync` job's stage, its progress, per-stage results, quota used and pause. */
  ...playlistSyncJobFields,
});
export type Job = z.infer<typeof JobSchema>;

export const JobListSchema = z.looseObject({
  jobs: z.array(JobSchema),
  next_cursor: z.string().nullish(),
});
export type JobList = z.infer<typeof JobListSchema>;

export const PreviewSchema = z.looseObject({
  /** Tasks the plan holds: to run, already queued or running (`in_flight`), and done (`skipped`). */
  tasks: count,
  skipped: count,
  in_flight: count.nullish(),
  to_run: count.nullish(),
  api_calls: count,
  quota_units: count,
  estimated_seconds: z.number(),
  /** null: the budget gives backfills no share of its daily quota, so they never run. */
  estimated_days: z.number().nullable(),
  scope: z.string().nullish(),
  config: z.unknown().optional(),
  budget: z.unknown().optional(),
  rate: z
    .looseObject({ requests_per_second: z.number().nullish(), concurrency: z.number().nullish(), daily_quota: z.number().nullish(), backfill_share: z.number().nullish() })
    .nullish(),
  /** The live job of the scope: a create now would answer 409 `job_active` naming it. */
  active_job_id: id.nullish(),
  chunks: z.array(z.unknown()).nullish(),
  /** How `api_calls` is made up, when the connector says (`top_list_calls`, `tail_calls_max`). */
  cost_breakdown: z.record(z.string(), count).nullish(),
  /** Other budgets the job spends besides `budget` (a YouTube channel's catalogue: `youtube-data` units). */
  also_spends: z.array(z.looseObject({ budget: z.string(), quota_units: count })).nullish(),
});
export type Preview = z.infer<typeof PreviewSchema>;

const UsageEntrySchema = z.looseObject({
  key: z.string().nullish(),
  window: z.string().nullish(),
  window_start: z.string().nullish(),
  used: z.number().nullish(),
  backfill_used: z.number().nullish(),
  blocked: z.looseObject({ backfill_only: z.boolean().nullish(), until: z.string().nullish(), reason: z.string().nullish() }).nullish(),
});

export const PlatformRateLimitSchema = z.looseObject({
  requests_per_second: z.number().nullish(),
  daily_quota: z.number().nullish(),
  backfill_share: z.number().nullish(),
  concurrency: z.number().nullish(),
  usage: z.array(UsageEntrySchema).nullish(),
});
export type PlatformRateLimit = z.infer<typeof PlatformRateLimitSchema>;

export const RateLimitConfigSchema = z.looseObject({
  platforms: z.record(z.string(), PlatformRateLimitSchema),
});
export type RateLimitConfig = z.infer<typeof RateLimitConfigSchema>;

/** `{error: {code, message, issues?, job_id?}}`; anything else is reported by its HTTP status. */
export const ApiErrorBodySchema = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.looseObject({ path: z.union([z.string(), z.array(z.union([z.string(), z.number()]))]), message: z.string() })).optional(),
    job_id: id.nullish(),
  }),
});

// ── What the CLI sends ─────────────────────────────────────────────────────────────────

/** The body of `POST /api/admin/backfill` and `…/preview`. */
export interface BackfillRequest {
  type: string;
  platform: string;
  tenant_id: string;
  account_id?: string;
  connection_id?: number;
  start_date?: string;
  end_date?: string;
  days?: number;
  force?: boolean;
}

/** The query of `GET /api/admin/backfill/jobs`; `status` may list several, comma-separated. */
export interface JobListQuery {
  status?: string;
  type?: string;
  platform?: string;
  tenant_id?: string;
  limit?: number;
  cursor?: string;
}

/** One platform's changes for `PUT …/config/rate-limit`: only the fields given change; null puts the environment's default back. */
export interface RateLimitChanges {
  requests_per_second?: number | null;
  daily_quota?: number | null;
  backfill_share?: number | null;
  concurrency?: number | null;
}
