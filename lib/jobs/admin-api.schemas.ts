import * as z from 'zod';
import { JOB_TYPES } from '../connectors/connector.js';
import { JOB_STATUSES } from './job-lifecycle.js';
import { CONNECTION_STATUSES } from '../../db/tables/connections.table.js';
import { TASK_STATUSES } from '../../db/tables/job-tasks.table.js';

/**
 * The admin API's answers as zod schemas, for its OpenAPI document (api/_lib/openapi-document.ts)
 * and for tests that check real answers against it. They describe what lib/jobs/job-view.ts and
 * the services return; DESIGN.md "Jobs" fixes these fields, extra ones are allowed.
 */

const time = z.iso.datetime();
const limits = {
  requests_per_second: z.number().positive(),
  daily_quota: z.number().int().nullable(),
  backfill_share: z.number().min(0).max(1),
  concurrency: z.number().int().positive(),
};

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'invalid_request · unauthorized · not_found · job_active · conflict · …' }),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().meta({ description: 'invalid_request: each invalid field' }),
      job_id: z.number().int().optional().meta({ description: 'job_active: the live job of the scope' }),
    }),
  })
  .meta({ id: 'Error' });

export const scopeSchema = z.object({
  scope: z.string(),
  status: z.enum(['pending', 'running', 'paused', 'succeeded', 'failed', 'cancelled']),
  done: z.number().int(),
  total: z.number().int(),
  percent: z.number(),
  message: z.string(),
});

/** Why a budget's calls wait now, and until when. */
const budgetWaitSchema = z
  .object({
    backfill_only: z.boolean().meta({ description: 'only backfills wait (their share of the daily quota is spent); other calls run' }),
    until: time.nullable().meta({ description: 'when the budget frees up; null: until a person raises a limit' }),
    reason: z.string(),
  })
  .meta({ id: 'BudgetWait' });

/**
 * The job's shape with a job type's own status fields and error fields (Connector.jobDetails),
 * e.g. a playlist sync's stage fields; `jobSchema` is the fixed shape alone.
 */
export function jobSchemaWith<Fields extends z.ZodRawShape, ErrorFields extends z.ZodRawShape>(fields: Fields, errorFields: ErrorFields) {
  return z.object({
    id: z.number().int(),
    type: z.enum(JOB_TYPES),
    status: z.enum(JOB_STATUSES),
    reason: z.string().nullable().meta({ description: 'why it ended so when its tasks do not say: superseded, cancelled, no_tasks' }),
    tenant_id: z.string(),
    platform: z.string(),
    connection_id: z.number().int().nullable(),
    account_id: z.string().nullable(),
    scope: z.string().meta({ description: '{tenant_id}:{platform}:{account_id}:{type}' }),
    config: z.record(z.string(), z.unknown()),
    progress: z.object({ done: z.number().int(), total: z.number().int(), percent: z.number(), steps_done: z.number().int() }),
    message: z.string().meta({ example: 'Collecting data… 12/53 tasks' }),
    checkpoint: z.unknown(),
    errors: z.array(z.object({ at: time, message: z.string(), ...errorFields })),
    scopes: z.array(scopeSchema),
    entities: z
      .array(
        z.object({
          entity: z.string(),
          status: z.enum(['pending', 'running', 'succeeded', 'failed']),
          done: z.number().int(),
          total: z.number().int().nullable().meta({ description: 'the vendor\'s count; null until it is read' }),
          message: z.string().meta({ example: 'Syncing orders… 450/1,200' }),
        }),
      )
      .optional()
      .meta({ description: 'commerce jobs: each entity in order, its progress in vendor records' }),
    chunk_completeness: z
      .array(
        z.object({
          run_for_dt: z.iso.date(),
          status: z.enum(TASK_STATUSES),
          top_list: z.enum(['complete', 'capped', 'pending', 'unknown']).meta({ description: 'complete: no day of the chunk filled its capped report; capped: at least one did, so its tail is fetched item by item; unknown: it ran before this was kept' }),
          capped_days: z.number().int(),
          tail_videos: z.number().int().nullable().meta({ description: 'items published by the window\'s end and missing from a capped report; null until known' }),
          tail_fetched: z.number().int(),
        }),
      )
      .optional()
      .meta({ description: 'jobs fetched in chunks from a report with a row cap (e.g. a top-200 list): each chunk\'s completeness' }),
    budget: z.object(limits).nullable(),
    budget_wait: budgetWaitSchema.extend({ budget: z.string() }).nullable().meta({ description: 'why the job\'s calls wait for a budget now; null when they do not' }),
    created_at: time,
    updated_at: time,
    started_at: time.nullable(),
    finished_at: time.nullable(),
    eta: time.nullable(),
    duration_seconds: z.number().int().nullable(),
    outcome: z.enum(JOB_STATUSES).nullable(),
    error_summary: z.string().nullable(),
    ...fields,
  });
}

export const jobSchema = jobSchemaWith({}, {}).meta({ id: 'Job' });

export const tenantBackfillSchema = z
  .object({
    tenant_id: z.string(),
    status: z.enum(['none', 'in_progress', 'completed']),
    completed_at: time.nullable(),
    jobs: z.array(z.object({ job_id: z.number().int(), platform: z.string(), connection_id: z.number().int().nullable(), status: z.enum(JOB_STATUSES), finished_at: time.nullable() })),
  })
  .meta({ id: 'TenantBackfill' });

export const jobListSchema = z.object({ jobs: z.array(jobSchema), next_cursor: z.string().nullable() }).meta({ id: 'JobList' });

export const previewSchema = z
  .object({
    type: z.enum(JOB_TYPES),
    platform: z.string(),
    tenant_id: z.string(),
    connection_id: z.number().int(),
    account_id: z.string(),
    scope: z.string(),
    config: z.record(z.string(), z.unknown()),
    tasks: z.number().int(),
    skipped: z.number().int(),
    in_flight: z.number().int(),
    to_run: z.number().int(),
    api_calls: z.number().int(),
    quota_units: z.number().int(),
    budget: z.string(),
    rate: z.object(limits).nullable(),
    estimated_seconds: z.number().int(),
    estimated_days: z.number().int().nullable(),
    cost_breakdown: z
      .record(z.string(), z.number().int())
      .optional()
      .meta({ description: 'how api_calls is made up, when the connector says: e.g. `top_list_calls` (7 a weekly chunk) and `tail_calls_max` (the most per-video calls the chunks of a big channel can need)' }),
    also_spends: z
      .array(z.object({ budget: z.string(), quota_units: z.number().int() }))
      .optional()
      .meta({ description: 'other budgets the job spends besides `budget` (e.g. the Data API units of reading a channel catalogue)' }),
    active_job_id: z.number().int().nullable(),
    active_job_stale: z.boolean().meta({ description: 'the active job had no progress for 10 minutes: a create takes it over instead of answering 409' }),
    chunks: z.array(z.object({ task: z.string(), status: z.enum(['new', 'done', 'in_flight', 'rerun']) })),
  })
  .meta({ id: 'JobPreview' });

export const rateLimitConfigSchema = z
  .object({
    platforms: z.record(
      z.string(),
      z.object({
        ...limits,
        usage: z.array(
          z.object({
            key: z.string().meta({ description: 'the app (`app`) or the account the vendor counts by' }),
            window: z.string().meta({ description: '`day`: the vendor\'s calendar day in its time zone; `24h`: a sliding 24 hours' }),
            window_start: time,
            used: z.number().int(),
            backfill_used: z.number().int(),
            blocked: budgetWaitSchema.nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'RateLimitConfig' });

export const connectionListSchema = z
  .object({
    connections: z.array(
      z.object({
        id: z.number().int(),
        tenant_id: z.string(),
        platform: z.string(),
        account_id: z.string().meta({ description: "the platform's own account id (channel, shop id or domain)" }),
        display_name: z.string().nullable(),
        status: z.enum(CONNECTION_STATUSES),
        scopes: z.string(),
        last_error: z.string().nullable(),
        created_at: time,
      }),
    ),
  })
  .meta({ id: 'ConnectionList' });

/** The OpenAPI document itself, as its own operation describes it. */
export const openApiDocumentSchema = z.record(z.string(), z.unknown()).meta({ description: 'OpenAPI 3.1' });
