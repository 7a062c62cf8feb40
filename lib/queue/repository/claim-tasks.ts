import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { retryOnDeadlock } from '../../../db/retry-deadlocks.js';
import { toDbTime } from '../../../db/values.js';
import type { ClaimStrategy } from '../claim-strategy.js';
import { sourcesOf } from '../task-status.js';
import { toTask, type Task } from './task-row.js';

export interface ClaimOptions {
  batchSize: number;
  leaseMs: number;
  now: Date;
  /**
   * Claim only tasks of these platforms (the enabled connectors): a disabled connector's tasks
   * wait in the queue, untouched, until it is enabled again. Unset: every platform.
   */
  platforms?: readonly string[];
}

export interface ClaimedBatch {
  leaseToken: string;
  leaseExpiresAt: Date;
  tasks: Task[];
}

/**
 * Claims up to `batchSize` ready tasks (status `queued`, `run_after <= now`) in the claim
 * index's order — priority, run_after, id — marking them `running` under one fresh lease
 * token. No task is ever held by two live claims: each strategy below guarantees that in its
 * own way, and every claim is one short transaction.
 */
export async function claimTasks(db: Kysely<Database>, strategy: ClaimStrategy, options: ClaimOptions): Promise<ClaimedBatch> {
  const lease = {
    leaseToken: randomUUID(),
    leaseExpiresAt: new Date(options.now.getTime() + options.leaseMs),
  };
  const tasks = await retryOnDeadlock(() => CLAIMS[strategy](db, lease, options));
  return { ...lease, tasks };
}

type Lease = Omit<ClaimedBatch, 'tasks'>;
type Claim = (db: Kysely<Database>, lease: Lease, options: ClaimOptions) => Promise<Task[]>;

const CLAIMABLE = sourcesOf('running'); // ['queued']

/** Columns a claim sets besides `attempts = attempts + 1`; a claim starts a run with no steps. */
function claimedValues(lease: Lease, now: Date) {
  return {
    status: 'running' as const,
    lease_token: lease.leaseToken,
    lease_expires_at: toDbTime(lease.leaseExpiresAt),
    run_steps: 0,
    updated_at: toDbTime(now),
  };
}

function claimedColumns(lease: Lease, now: Date) {
  return { ...claimedValues(lease, now), attempts: sql<number>`attempts + 1` };
}

function readyTasks(db: Kysely<Database>, options: ClaimOptions) {
  return onlyPlatforms(db.selectFrom('job_tasks').where('status', 'in', CLAIMABLE).where('run_after', '<=', toDbTime(options.now)), options)
    .orderBy('priority')
    .orderBy('run_after')
    .orderBy('id')
    .limit(options.batchSize);
}

/** A filter on the claim index's rows, after its (status, priority, run_after, id) order. */
function onlyPlatforms<Q extends { where(column: 'platform', op: 'in', values: readonly string[]): Q }>(query: Q, options: ClaimOptions): Q {
  return options.platforms === undefined ? query : query.where('platform', 'in', options.platforms.length > 0 ? options.platforms : ['']);
}

/**
 * How often a SKIP LOCKED claim that found only locked ready rows looks again, and how long it
 * waits before each look: a lock held by another claim's scan or commit lasts milliseconds.
 */
export const CONTENDED_CLAIM_RETRIES = 10;
export const CONTENDED_CLAIM_WAIT_MS = 20;

/**
 * MySQL 8, MariaDB ≥ 10.6, PlanetScale: lock the first ready rows nobody else holds, then mark them.
 *
 * No row from SKIP LOCKED does not mean nothing is ready: InnoDB locks every row a locking read
 * examines before the server filters it, so a lane claiming other platforms locks, for a moment,
 * the ready rows of this one (READ COMMITTED then lets go of them), and a claim that is taking a
 * row holds it until it commits. A lane that took "no row" for "nothing ready" ended its
 * invocation with ready work undone. So when a plain read still sees ready rows, the claim looks
 * again shortly; only a row held longer than CONTENDED_CLAIM_RETRIES waits is left to the next claim.
 */
const claimSkipLocked: Claim = async (db, lease, options) => {
  for (let attempt = 0; ; attempt++) {
    const claimed = await claimSkipLockedOnce(db, lease, options);
    if (claimed !== 'contended') return claimed;
    if (attempt >= CONTENDED_CLAIM_RETRIES) return [];
    await sleep(CONTENDED_CLAIM_WAIT_MS);
  }
};

/** One claim; `contended` when it locked nothing while a plain (non-locking) read sees ready rows. */
const claimSkipLockedOnce = (db: Kysely<Database>, lease: Lease, options: ClaimOptions): Promise<Task[] | 'contended'> =>
  db.transaction().execute(async (trx) => {
    const rows = await readyTasks(trx, options).selectAll().forUpdate().skipLocked().execute();
    if (rows.length === 0) {
      // READ COMMITTED: the plain read sees what is committed now, and waits for no lock.
      const seen = await readyTasks(trx, options).select('id').execute();
      return seen.length > 0 ? 'contended' : [];
    }
    await trx
      .updateTable('job_tasks')
      .set(claimedColumns(lease, options.now))
      .where('id', 'in', rows.map((row) => row.id))
      .execute();
    return rows.map((row) => toTask({ ...row, ...claimedValues(lease, options.now), attempts: Number(row.attempts) + 1 }));
  });

/**
 * TiDB (parses SKIP LOCKED but does not honour it), MySQL 5.7, older MariaDB: a single
 * conditional `UPDATE … WHERE status = 'queued' … ORDER BY … LIMIT n`. A concurrent claimer
 * blocks on (or, optimistically, conflicts with) the same rows and re-checks the condition
 * against the committed row, so each row goes to exactly one token; the rows won are read
 * back by that token and must number exactly the affected-row count.
 */
const claimConditionalUpdate: Claim = async (db, lease, options) => {
  const result = await onlyPlatforms(db.updateTable('job_tasks').set(claimedColumns(lease, options.now)).where('status', 'in', CLAIMABLE).where('run_after', '<=', toDbTime(options.now)), options)
    .orderBy('priority')
    .orderBy('run_after')
    .orderBy('id')
    .limit(options.batchSize)
    .executeTakeFirst();
  const affected = Number(result.numUpdatedRows);
  if (affected === 0) return [];
  const rows = await db
    .selectFrom('job_tasks')
    .selectAll()
    .where('status', '=', 'running')
    .where('lease_token', '=', lease.leaseToken)
    .orderBy('priority')
    .orderBy('run_after')
    .orderBy('id')
    .execute();
  if (rows.length !== affected) {
    throw new Error(`claim invariant broken: updated ${affected} rows but ${rows.length} carry lease ${lease.leaseToken}`);
  }
  return rows.map(toTask);
};

/**
 * SQLite: one writer at a time. The transaction starts with BEGIN IMMEDIATE (see
 * db/node-sqlite-dialect.ts), so selecting and marking cannot interleave with another claim.
 */
const claimSqliteImmediate: Claim = (db, lease, options) =>
  db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('job_tasks')
      .set(claimedColumns(lease, options.now))
      .where('id', 'in', readyTasks(trx, options).select('id'))
      .returningAll()
      .execute();
    return rows.map(toTask).sort((a, b) => a.priority - b.priority || a.runAfter.getTime() - b.runAfter.getTime() || a.id - b.id);
  });

const CLAIMS: Record<ClaimStrategy, Claim> = {
  'skip-locked': claimSkipLocked,
  'conditional-update': claimConditionalUpdate,
  'sqlite-immediate': claimSqliteImmediate,
};
