import * as z from 'zod';

/**
 * A guarded data backfill's plan file (DESIGN.md "Guarded data backfills", seed 004), checked
 * here for shape; its SQL fragments are then checked against the database's schema
 * (plan-check.ts). The JSON Schema served at `GET /api/admin/data-backfills/schema.json` and kept
 * in `docs/data-backfill-plan.schema.json` is generated from this one.
 */

const identifier = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be a plain SQL identifier (letters, digits, _)' });
/** A SQL fragment: one expression, checked against the schema; never a statement of its own. */
const fragment = z.string().trim().min(1).max(4_000);

const sqlUpdate = z.strictObject({
  kind: z.literal('sql-update'),
  /** A Sluice table (not the pipeline's own tables, nor token columns). */
  table: identifier,
  /** Its key: the columns that name one row, in the order batches walk them. */
  key: z.array(identifier).min(1).max(4),
  /** The rows that need the backfill; a row that no longer matches is skipped, so a re-run changes nothing. */
  where: fragment,
  /** Each column's new value: one SQL expression over the row's columns. */
  set: z.record(identifier, fragment).refine((set) => Object.keys(set).length > 0, { error: 'names at least one column' }),
  batch_size: z.number().int().min(1).max(10_000).default(1_000),
});

/** A jobs-API create body, run for each target (its connection): the job type and range. */
const jobBody = z.strictObject({
  type: z.enum(['data-collection', 'sync', 'analytics-generation']).default('data-collection'),
  start_date: z.iso.date().optional(),
  end_date: z.iso.date().optional(),
  days: z.number().int().min(1).max(3_660).optional(),
  force: z.boolean().optional(),
  entities: z.array(identifier).min(1).max(10).optional(),
});

const sluiceJob = z.strictObject({
  kind: z.literal('sluice-job'),
  /** Connections of a platform chosen by a SQL fragment over `connections`, or listed by id. */
  targets: z.union([
    z.strictObject({ platform: identifier, where: fragment.optional() }),
    z.strictObject({ connection_ids: z.array(z.number().int().positive()).min(1).max(10_000) }),
  ]),
  job: jobBody,
});

const check = z.strictObject({
  name: identifier,
  /** One read-only `SELECT … AS value` over Sluice tables. */
  sql: fragment,
  op: z.enum(['<', '<=', '>', '>=', '==', '!=']),
  threshold: z.number(),
});

export const planSchema = z
  .strictObject({
    /** The plan's name: one active run per name. */
    name: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lowercase letters, digits and -' }),
    description: z.string().max(2_000).optional(),
    operation: z.discriminatedUnion('kind', [sqlUpdate, sluiceJob]),
    /** A cap: at most `per_minute` batches (or targets) in any 60 s. */
    throttle: z.strictObject({ per_minute: z.number().int().min(1).max(10_000) }),
    soak: z
      .strictObject({
        duration_s: z.number().int().min(1).max(7 * 86_400),
        interval_s: z.number().int().min(1).max(86_400),
        checks: z.array(check).min(1).max(50),
      })
      .optional(),
    /** What still needs the backfill in the health database; default the operation's own selection. */
    health: z.strictObject({ where: fragment.optional() }).optional(),
  })
  .meta({ id: 'DataBackfillPlan', title: 'Sluice guarded data backfill plan' });

export type Plan = z.infer<typeof planSchema>;
export type SqlUpdateOperation = Extract<Plan['operation'], { kind: 'sql-update' }>;
export type SluiceJobOperation = Extract<Plan['operation'], { kind: 'sluice-job' }>;
export type SoakCheck = NonNullable<Plan['soak']>['checks'][number];

/** The plan file's JSON Schema (draft 2020-12), as published. */
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(planSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
