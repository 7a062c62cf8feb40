/**
 * The data-backfill runs as the CLI reads them (DESIGN.md "Guarded data backfills"), lenient as
 * admin-schemas.ts is: what the CLI acts on (id, status, phases, counts) is required, the rest
 * passes through.
 */
import * as z from 'zod';

export const RUN_STATUSES = ['awaiting_approval', 'running', 'failed', 'completed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const APPROVABLE_PHASES = ['apply', 'soak', 'health'] as const;
export type ApprovablePhase = (typeof APPROVABLE_PHASES)[number];

const count = z.number();

export const RunSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  status: z.enum(RUN_STATUSES),
  phase: z.string(),
  next_phase: z.string().nullable(),
  job_id: z.number().nullish(),
  message: z.string().nullish(),
  plan: z.looseObject({ rows: count, batches: count, estimated_seconds: count, sample: z.array(z.unknown()) }).nullish(),
  apply: z.looseObject({ batches_done: count, batches_total: count, rows_changed: count, rows_skipped: count.nullish(), started_at: z.string().nullish(), finished_at: z.string().nullish() }).nullish(),
  soak: z
    .looseObject({
      checks: z.array(z.looseObject({ name: z.string(), value: z.number().nullable(), op: z.string(), threshold: z.number(), passed: z.boolean(), samples: count.nullish(), failed_samples: count.nullish() })),
      passed: z.boolean(),
      samples: count,
    })
    .nullish(),
  health: z.looseObject({ rows_remaining: count, recommendation: z.string(), database: z.string().nullish(), mini_plan: z.unknown() }).nullish(),
  rollback: z.looseObject({ rows_restored: count, rows_unchanged: count.nullish(), conflicts: z.array(z.looseObject({ key: z.unknown() })) }).nullish(),
  failure: z.looseObject({ phase: z.string(), message: z.string() }).nullish(),
  approvals: z.array(z.looseObject({ phase: z.string(), by: z.string(), at: z.string(), note: z.string(), override_reason: z.string().nullish() })),
  definition: z.looseObject({ soak: z.looseObject({ duration_s: count, interval_s: count }).nullish() }).nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type Run = z.infer<typeof RunSchema>;

export const RunListSchema = z.looseObject({ runs: z.array(RunSchema) });
export type RunList = z.infer<typeof RunListSchema>;

/** `GET …/{runId}/artifacts`: relative path → text. */
export const ArtifactsSchema = z.looseObject({ files: z.record(z.string(), z.string()) });
export type Artifacts = z.infer<typeof ArtifactsSchema>;

/** The body of `POST …/{runId}/approve`. */
export interface ApproveRequest {
  phase: ApprovablePhase;
  note: string;
  by?: string;
  override_reason?: string;
  database_url?: string;
}

/** A run halts (for an approval, on a failure, or at its end) when it is not running. */
export function isRunHalted(run: Pick<Run, 'status'>): boolean {
  return run.status !== 'running';
}
