/**
 * Stand-ins for time passing, for harnesses that kill servers (the chaos run, the recovery
 * test): instead of waiting the 60 s a dead server's leases take to expire, or the seconds to
 * minutes of a retry backoff or a reclaim's delay, the harness moves those times to now. Only
 * the clock is compressed; claims, reclaims and resumes stay the code under test.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { toDbTime } from '../../db/values.js';

/** A running task and the lease token it ran under. */
export interface HeldLease {
  id: number;
  leaseToken: string;
}

/** The running tasks now, with their lease tokens. */
export async function runningLeases(db: Kysely<Database>): Promise<HeldLease[]> {
  const rows = await db.selectFrom('job_tasks').select(['id', 'lease_token']).where('status', '=', 'running').execute();
  return rows.flatMap((row) => (row.lease_token === null ? [] : [{ id: Number(row.id), leaseToken: row.lease_token }]));
}

/**
 * Makes the given leases expire at `expiresAt`, each only while the task still runs under the
 * same token: a lease that moved on (finished, reclaimed) belongs to someone else and is left
 * alone. Answers the leases it changed.
 */
export async function expireLeases(db: Kysely<Database>, leases: readonly HeldLease[], expiresAt: Date): Promise<HeldLease[]> {
  const aged: HeldLease[] = [];
  for (const lease of leases) {
    const result = await db
      .updateTable('job_tasks')
      .set({ lease_expires_at: toDbTime(expiresAt) })
      .where('id', '=', lease.id)
      .where('lease_token', '=', lease.leaseToken)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) aged.push(lease);
  }
  return aged;
}

/** Queued tasks waiting for a later `run_after` (a backoff, a reclaim's delay) become due at `now`. */
export async function makeWaitingTasksDue(db: Kysely<Database>, now: Date): Promise<number> {
  const due = toDbTime(now);
  const result = await db.updateTable('job_tasks').set({ run_after: due }).where('status', '=', 'queued').where('run_after', '>', due).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
