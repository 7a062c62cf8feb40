import * as z from 'zod';
import { PHASES, RUN_STATUSES } from '../../db/tables/data-backfills.table.js';
import { planSchema } from './plan.schema.js';

/**
 * The data-backfill endpoints' answers as zod schemas, for the admin API's OpenAPI document
 * (api/_lib/openapi-document.ts): what run-view.ts and artifacts.service.ts return
 * (DESIGN.md "Guarded data backfills"). Extra fields are allowed.
 */

const time = z.iso.datetime();
const phaseName = z.string().meta({ description: `${PHASES.join(' · ')} · rollback` });

export const dataBackfillRunSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    status: z.enum(RUN_STATUSES).meta({ description: 'awaiting_approval (of next_phase) · running · failed (approving the next phase needs override_reason) · completed' }),
    phase: phaseName.meta({ description: 'the phase at work, or the last one that ran' }),
    next_phase: z.enum(['apply', 'soak', 'health']).nullable().meta({ description: 'what an approval unlocks next; null when nothing is left' }),
    job_id: z.number().int().meta({ description: 'its data-backfill job (scope *:sluice:{name}:data-backfill)' }),
    plan: z.object({ rows: z.number().int(), sample: z.array(z.unknown()), batches: z.number().int(), estimated_seconds: z.number() }).nullable().meta({ description: 'the dry run' }),
    apply: z
      .object({ batches_done: z.number().int(), batches_total: z.number().int(), rows_changed: z.number().int(), rows_skipped: z.number().int(), started_at: time.optional(), finished_at: time.optional() })
      .nullable(),
    soak: z
      .object({
        checks: z.array(z.object({ name: z.string(), value: z.number().nullable(), op: z.string(), threshold: z.number(), passed: z.boolean(), samples: z.number().int(), failed_samples: z.number().int() })),
        passed: z.boolean(),
        samples: z.number().int(),
        started_at: time.optional(),
        finished_at: time.optional(),
      })
      .nullable(),
    health: z
      .object({ rows_remaining: z.number().int(), sample: z.array(z.unknown()), mini_plan: z.unknown().meta({ description: 'an idempotent plan for what is left; null when nothing is' }), recommendation: z.string(), database: z.string().meta({ description: 'its URL, password redacted' }), finished_at: time.optional() })
      .nullable(),
    rollback: z.object({ rows_restored: z.number().int(), rows_unchanged: z.number().int(), conflicts: z.array(z.object({ key: z.unknown() })).meta({ description: 'rows changed since the apply, left as they are' }), finished_at: time.optional() }).nullable(),
    failure: z.object({ phase: z.string(), message: z.string() }).nullable(),
    approvals: z.array(z.object({ phase: z.string(), by: z.string(), at: time, note: z.string(), override_reason: z.string().nullable() })),
    definition: planSchema,
    message: z.string(),
    created_at: time,
    updated_at: time,
  })
  .meta({ id: 'DataBackfillRun' });

export const dataBackfillRunListSchema = z.object({ runs: z.array(dataBackfillRunSchema) }).meta({ id: 'DataBackfillRunList' });

export const dataBackfillArtifactsSchema = z
  .object({
    files: z.record(z.string(), z.string()).meta({
      description:
        'path → text: backfill_summary.md, backfill_logs/execution_results.json, backfill_logs/batch_NNN.json, backfill_logs/rollback_YYYY-MM-DD.sql (after the apply); staging_observability.md (after the soak); prod_health_check.md, prod_mini_backfill_plan.json (after the health check)',
    }),
  })
  .meta({ id: 'DataBackfillArtifacts' });

/** The create body as documented: the plan itself, as its JSON Schema describes it. */
export const dataBackfillCreateDocBody = z.strictObject({ plan: planSchema }).meta({ id: 'DataBackfillCreate' });

/** `GET …/schema.json`: a JSON Schema document (draft 2020-12), the same as docs/data-backfill-plan.schema.json. */
export const planJsonSchemaAnswer = z.record(z.string(), z.unknown()).meta({ id: 'DataBackfillPlanJsonSchema' });
