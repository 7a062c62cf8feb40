import { refreshJobProgress } from '../jobs/backfill-jobs.repository.js';
import { drainQueue, emptySummary, type DrainSummary, type TaskHandler, type TaskOutcome } from '../queue/drain-queue.js';
import { countQueuedTasks, reclaimExpiredLeases, type Task } from '../queue/repository/index.js';
import { PermanentError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { settleAll } from '../shared/settle-all.js';
import { createDailyChannelHandler } from '../platforms/youtube/daily-channel.task.js';
import { DAILY_CHANNEL_KIND } from '../platforms/youtube/task-keys.js';
import { youTubeContext } from '../platforms/youtube/youtube-context.js';

export interface DispatchSummary extends DrainSummary {
  reclaimed: number;
  /** Queued tasks left, ready now or later. */
  remaining: number;
  duration_ms: number;
}

/** A task's lease: long enough for a 7-call chunk under rate limits; heartbeats extend it. */
const LEASE_MS = 60_000;

/**
 * One dispatcher invocation: reclaim expired leases, then run ready tasks in
 * `DISPATCH_CONCURRENCY` lanes until `deadline` or until nothing is ready. Each lane claims
 * one task at a time, so a slow chunk never holds up the others and progress is stored as
 * each chunk finishes.
 */
export async function dispatch(runtime: Runtime, deadline: Date, log: (line: string) => void = console.log): Promise<DispatchSummary> {
  const started = runtime.clock.now();
  const { db } = runtime.database;
  const reclaimed = await reclaimExpiredLeases(db, started);
  const reports: Promise<void>[] = reclaimed.jobIds.map((jobId) => refreshProgress(runtime, jobId, log));
  const handle: TaskHandler = async (task, context) => {
    const handlerFor = TASK_HANDLERS[task.kind];
    if (!handlerFor) throw new PermanentError(`no handler for task kind "${task.kind}"`);
    await (await handlerFor(runtime, log))(task, context);
  };
  const onTaskDone = (task: Task, outcome: TaskOutcome, reason?: string) => reports.push(reportProgress(runtime, task, reason ? `${outcome} (${reason})` : outcome, log));
  let lanes: DrainSummary[];
  try {
    lanes = await settleAll(
      Array.from({ length: runtime.config.dispatchConcurrency }, () =>
        drainQueue({ db, strategy: runtime.claimStrategy, handle, clock: runtime.clock, deadline, batchSize: 1, concurrency: 1, leaseMs: LEASE_MS, onTaskDone }),
      ),
    );
  } finally {
    // Even when a lane failed, no progress write may outlive the response.
    await Promise.allSettled(reports);
  }
  const summary = lanes.reduce(addSummaries, emptySummary());
  return {
    ...summary,
    reclaimed: reclaimed.requeued + reclaimed.dead,
    remaining: await countQueuedTasks(db),
    duration_ms: runtime.clock.now().getTime() - started.getTime(),
  };
}

/** Task kinds and their handlers; a platform's context is built only when its tasks run. */
const TASK_HANDLERS: Record<string, (runtime: Runtime, log: (line: string) => void) => Promise<TaskHandler>> = {
  [DAILY_CHANNEL_KIND]: async (runtime, log) => {
    const { client, cipher } = await youTubeContext(runtime);
    return createDailyChannelHandler({ db: runtime.database.db, client, cipher, clock: runtime.clock, log });
  },
};

/** Stores the job's progress after each task and logs it, e.g. "…:2026-11-20: succeeded — job 3: 5/12 chunks done". */
async function reportProgress(runtime: Runtime, task: Task, outcome: string, log: (line: string) => void): Promise<void> {
  const detail = `${task.kind} ${task.dedupeKey}: ${outcome}`;
  if (task.jobId === null) return log(`[sluice] ${detail}`);
  await refreshProgress(runtime, task.jobId, log, detail);
}

async function refreshProgress(runtime: Runtime, jobId: number, log: (line: string) => void, detail = 'leases reclaimed'): Promise<void> {
  try {
    const progress = await refreshJobProgress(runtime.database.db, jobId, runtime.clock.now());
    log(`[sluice] ${detail} — job ${jobId}: ${progress.done}/${progress.total} chunks done`);
  } catch (error) {
    log(`[sluice] progress update of job ${jobId} failed: ${(error as Error).message}`);
  }
}

function addSummaries(a: DrainSummary, b: DrainSummary): DrainSummary {
  return Object.fromEntries(Object.keys(a).map((key) => [key, a[key as keyof DrainSummary] + b[key as keyof DrainSummary]])) as unknown as DrainSummary;
}

