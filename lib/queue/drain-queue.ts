import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { inTransaction, type Trx } from '../../db/transaction.js';
import type { Clock } from '../shared/clock.js';
import { settleAll } from '../shared/settle-all.js';
import type { ClaimStrategy } from './claim-strategy.js';
import { LeaseLostError } from '../errors.js';
import { claimTasks, commitTaskStep, completeTasks, extendLease, failTask, releaseTasks, stillLeased, type Task } from './repository/index.js';
import { decideRetry, type RetryDecision } from './retry-decision.js';

/** What a handler knows of its invocation and how it saves its work. */
export interface TaskContext {
  /** No new work starts at or after it. */
  deadline: Date;
  /** The last committed step's marker (null before the first): resume after it. */
  checkpoint: unknown;
  /**
   * Aborted (with a LeaseLostError) when a heartbeat finds the task's lease taken — reclaimed
   * or cancelled: stop before the next call instead of learning it at the next step.
   */
  signal: AbortSignal;
  /**
   * Commits one step: `write` stores the step's rows and the task's new checkpoint is saved
   * in the same transaction, under the task's lease (LeaseLostError, and nothing is kept,
   * once the lease moved on). A run that commits a step spends no attempt.
   */
  commitStep(write: (trx: Trx) => Promise<void>, checkpoint: unknown): Promise<void>;
}

export type TaskHandler = (task: Task, context: TaskContext) => Promise<void>;

export interface DrainOptions {
  db: Kysely<Database>;
  strategy: ClaimStrategy;
  /** Runs one task; throw a typed error (lib/errors.ts) to choose retry, reschedule, park or dead. */
  handle: TaskHandler;
  clock: Clock;
  /** No task starts at or after this instant; claimed tasks not started by then are released. */
  deadline: Date;
  batchSize: number;
  /** Tasks of a batch running at once. */
  concurrency: number;
  leaseMs: number;
  /** Claim only these platforms' tasks (see ClaimOptions). */
  platforms?: readonly string[];
  random?: () => number;
  /** Called after each task's outcome is stored, for progress logs; `reason` on failures. */
  onTaskDone?: (task: Task, outcome: TaskOutcome, reason?: string) => void;
  /** Called after each committed step, so job progress can follow steps. */
  onStepCommitted?: (task: Task, checkpoint: unknown) => void;
  /** Called after each heartbeat with the tasks whose lease it extended (their jobs are alive). */
  onHeartbeat?: (tasks: Task[]) => Promise<void>;
  /** Runs before each claim (the dispatcher holds back the tasks of exhausted budgets). */
  beforeClaim?: () => Promise<void>;
}

export type TaskOutcome = 'succeeded' | RetryDecision['action'] | 'lease-lost';

export interface DrainSummary {
  claimed: number;
  succeeded: number;
  retried: number;
  rescheduled: number;
  parked: number;
  dead: number;
  released: number;
  /** Finishes refused because the lease had expired and moved on. */
  leaseLost: number;
}

export function emptySummary(): DrainSummary {
  return { claimed: 0, succeeded: 0, retried: 0, rescheduled: 0, parked: 0, dead: 0, released: 0, leaseLost: 0 };
}

const SUMMARY_FIELD: Record<Exclude<TaskOutcome, 'succeeded'>, keyof DrainSummary> = {
  retry: 'retried',
  reschedule: 'rescheduled',
  park: 'parked',
  dead: 'dead',
  'lease-lost': 'leaseLost',
};

/**
 * One worker: claims batches and runs them until the deadline or until nothing is ready,
 * then returns a summary — the serverless shape of a queue worker (graphile-worker's
 * `runOnce`). Successes of a batch are completed in one statement; failures are stored as
 * they happen. Several workers may drain the same queue at once.
 */
export async function drainQueue(options: DrainOptions): Promise<DrainSummary> {
  const summary = emptySummary();
  while (options.clock.now() < options.deadline) {
    await options.beforeClaim?.();
    const batch = await claimTasks(options.db, options.strategy, {
      batchSize: options.batchSize,
      ...(options.platforms ? { platforms: options.platforms } : {}),
      leaseMs: options.leaseMs,
      now: options.clock.now(),
    });
    if (batch.tasks.length === 0) break;
    summary.claimed += batch.tasks.length;
    await runBatch(options, batch.leaseToken, batch.tasks, summary);
  }
  return summary;
}

async function runBatch(options: DrainOptions, leaseToken: string, tasks: Task[], summary: DrainSummary): Promise<void> {
  const succeeded: Task[] = [];
  const unstarted: Task[] = [];
  // Unfinished = running or still waiting for a lane: both must keep their lease.
  const unfinished = new Set(tasks.map((task) => task.id));
  const lost = new Map(tasks.map((task) => [task.id, new AbortController()]));
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const heartbeat = startHeartbeat(
    options,
    leaseToken,
    unfinished,
    (id) => lost.get(id)?.abort(new LeaseLostError(`task ${id} lost its lease (reclaimed, cancelled or paused); stopping before the next call`)),
    (ids) => options.onHeartbeat?.(ids.map((id) => byId.get(id)!)),
  );
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      if (options.clock.now() >= options.deadline) {
        unstarted.push(task);
        continue;
      }
      const run = { progressed: false };
      const commitStep: TaskContext['commitStep'] = async (write, checkpoint) => {
        await inTransaction(options.db, async (trx) => {
          await write(trx);
          await commitTaskStep(trx, { id: task.id, leaseToken }, checkpoint, options.clock.now());
        });
        run.progressed = true;
        options.onStepCommitted?.(task, checkpoint);
      };
      try {
        await options.handle(task, { deadline: options.deadline, checkpoint: task.checkpoint, commitStep, signal: lost.get(task.id)!.signal });
        succeeded.push(task);
      } catch (error) {
        // A run that committed a step gave its attempt back: it is not a failed attempt.
        const facts = { attempts: task.attempts - (run.progressed ? 1 : 0), maxAttempts: task.maxAttempts };
        const decision = decideRetry(error, facts, options.clock.now(), (options.random ?? Math.random)());
        const stored = await failTask(options.db, { id: task.id, leaseToken }, decision, options.clock.now(), run);
        const outcome: TaskOutcome = stored ? decision.action : 'lease-lost';
        summary[SUMMARY_FIELD[outcome]]++;
        options.onTaskDone?.(task, outcome, decision.reason);
      } finally {
        unfinished.delete(task.id);
      }
    }
  };
  try {
    await settleAll(Array.from({ length: Math.min(options.concurrency, tasks.length) }, lane));
  } finally {
    clearInterval(heartbeat);
  }
  const now = options.clock.now();
  const completed = await completeTasks(options.db, leaseToken, succeeded.map((task) => task.id), now);
  summary.succeeded += completed;
  summary.leaseLost += succeeded.length - completed;
  summary.released += await releaseTasks(options.db, leaseToken, unstarted.map((task) => task.id), now);
  // Completion is one statement, so when some were refused we cannot tell which; report all
  // as succeeded only when all were stored.
  for (const task of succeeded) options.onTaskDone?.(task, completed === succeeded.length ? 'succeeded' : 'lease-lost');
}

/**
 * Keeps the leases of a batch's unfinished tasks alive: extends them every third of the lease.
 * When fewer leases extend than were asked for, the tasks whose lease was taken are named to
 * `onLost`, so their runs stop spending quota on work another worker now owns.
 */
function startHeartbeat(
  options: DrainOptions,
  leaseToken: string,
  unfinished: Set<number>,
  onLost: (id: number) => void,
  onHeld: (ids: number[]) => Promise<void> | undefined,
): NodeJS.Timeout {
  const beat = async () => {
    const now = options.clock.now();
    const ids = [...unfinished];
    if (ids.length === 0) return;
    const extended = await extendLease(options.db, leaseToken, ids, new Date(now.getTime() + options.leaseMs), now);
    if (extended >= ids.length) return onHeld(ids);
    const held = new Set(await stillLeased(options.db, leaseToken, ids));
    for (const id of ids) if (!held.has(id) && unfinished.has(id)) onLost(id);
    await onHeld(ids.filter((id) => held.has(id)));
  };
  const timer = setInterval(() => {
    beat().catch(() => {
      // A failed heartbeat is not fatal: at worst the lease expires and the finish is refused.
    });
  }, Math.max(1_000, options.leaseMs / 3));
  timer.unref();
  return timer;
}
