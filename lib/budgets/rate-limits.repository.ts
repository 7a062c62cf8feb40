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

/**
 * Stores overrides: the fields given replace the stored ones (null: back to the default), the
 * others keep theirs. Each
 * budget's row is read and written whole, in the caller's transaction.
 */
export async function saveRateLimitOverrides(db: Kysely<Database>, overrides: readonly RateLimitOverride[], now: Date): Promise<void> {
  if (overrides.length === 0) return;
  const stored = new Map((await listRateLimitOverrides(db)).map((row) => [row.budget, row]));
  const rows = overrides.map((patch) => {
    const merged = { ...stored.get(patch.budget), ...patch };
    return {
      budget: patch.budget,
      requests_per_second: merged.requestsPerSecond ?? null,
      daily_quota: merged.dailyQuota ?? null,
      backfill_share: merged.backfillShare ?? null,
      concurrency: merged.concurrency ?? null,
      updated_at: toDbTime(now),
    };
  });
  await upsertRows(db, 'rate_limits', rows, { key: ['budget'], update: ['requests_per_second', 'daily_quota', 'backfill_share', 'concurrency', 'updated_at'] });
}
