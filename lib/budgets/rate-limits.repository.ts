import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { upsertRows } from '../../db/upsert.js';
import { toDbTime } from '../../db/values.js';

/** The admin's override of one budget's limits; an absent (or, when saving, null) field is the environment's default. */
export interface RateLimitOverride {
  budget: string;
  requestsPerSecond?: number | null;
  dailyQuota?: number | null;
  backfillShare?: number | null;
  concurrency?: number | null;
}

/** Every stored override; NULL columns are left out. */
export async function listRateLimitOverrides(db: Kysely<Database>): Promise<RateLimitOverride[]> {
  const rows = await db.selectFrom('rate_limits').selectAll().orderBy('budget').execute();
  return rows.map((row) => ({
    budget: row.budget,
    ...(row.requests_per_second === null ? {} : { requestsPerSecond: Number(row.requests_per_second) }),
    ...(row.daily_quota === null ? {} : { dailyQuota: Number(row.daily_quota) }),
    ...(row.backfill_share === null ? {} : { backfillShare: Number(row.backfill_share) }),
    ...(row.concurrency === null ? {} : { concurrency: Number(row.concurrency) }),
  }));
}

/** The columns an override's fields are stored in. */
const COLUMNS = {
  requestsPerSecond: 'requests_per_second',
  dailyQuota: 'daily_quota',
  backfillShare: 'backfill_share',
  concurrency: 'concurrency',
} as const satisfies Record<Exclude<keyof RateLimitOverride, 'budget'>, string>;

/**
 * Stores overrides: the fields given replace the stored ones (null: back to the default), the
 * others keep theirs. Each budget is one upsert that writes only its given columns (a new row
 * gets NULL in the others), so two saves of different fields of one budget both stick however
 * they interleave: nothing is read and written back.
 */
export async function saveRateLimitOverrides(db: Kysely<Database>, overrides: readonly RateLimitOverride[], now: Date): Promise<void> {
  for (const override of overrides) {
    const row = {
      budget: override.budget,
      requests_per_second: override.requestsPerSecond ?? null,
      daily_quota: override.dailyQuota ?? null,
      backfill_share: override.backfillShare ?? null,
      concurrency: override.concurrency ?? null,
      updated_at: toDbTime(now),
    };
    const given = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).filter((field) => override[field] !== undefined).map((field) => COLUMNS[field]);
    await upsertRows(db, 'rate_limits', [row], { key: ['budget'], update: [...given, 'updated_at'] });
  }
}
