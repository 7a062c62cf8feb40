import { createBudgetClaimGuard } from '../budgets/budget-claim-guard.js';
import { refreshJobProgress, requeuedFairPriority, touchJobs, type JobCheckpoint, type JobEvent, type StoredProgress } from '../jobs/backfill-jobs.repository.js';
import { startFollowUpJob } from '../jobs/follow-up-jobs.js';
import { laterCheckpoint } from '../jobs/job-checkpoint.js';
import { recoverJobs } from '../jobs/job-recovery.js';
import { drainQueue, emptySummary, type DrainSummary, type TaskHandler, type TaskOutcome } from '../queue/drain-queue.js';
import { countQueuedTasks, reclaimExpiredLeases, type Task } from '../queue/repository/index.js';
import { PermanentError } from '../errors.js';
import { releaseNextTask } from '../connectors/sync/entity-order.js';
import type { Runtime } from '../runtime.js';
import { settleAll } from '../shared/settle-all.js';
import { throttleByKey } from './throttle-by-key.js';
import { INTERNAL_PLATFORM } from '../jobs/internal-platform.js';
import { internalTaskHandler } from '../jobs/internal-tasks.js';

export interface DispatchSummary extends DrainSummary {
  reclaimed: number;
  /** Jobs the recovery pass wrote a status for, or planned again (job-recovery.ts). */
  recovered: number;
  /** Queued tasks left, ready now or later. */
  remaining: number;
  duration_ms: number;
}

/** A task's lease: a minute, extended by heartbeats while the task runs. */
const LEASE_MS = 60_000;
/** Job progress is stored on a step at most this often per job (and always when a task ends). */
const STEP_PROGRESS_INTERVAL_MS = 1_000;

/**
 * One dispatcher invocation: reclaim expired leases, then run ready tasks in
 * `DISPATCH_CONCURRENCY` lanes until `deadline` or until nothing is ready. Each lane claims
 * one task at a time, so a slow task never holds up the others and progress is stored as
 * each task finishes. A task's handler comes from its platform's connector (registry), which
 * is loaded only when one of its tasks runs.
 */
export async function dispatch(runtime: Runtime, deadline: Date): Promise<DispatchSummary> {
  const started = runtime.clock.now();
  const { db } = runtime.database;
  const reclaimed = await reclaimExpiredLeases(db, started, Math.random, (task) => requeuedFairPriority(db, task, started));
  const reports: Promise<void>[] = reclaimed.jobIds.map((jobId) => recordProgress(runtime, jobId, 'leases reclaimed'));
  const recovery = await recoverJobs(runtime);
  for (const jobId of recovery.followUpsDue) await startFollowUp(runtime, jobId);
  // The admin's rate-limit config decides how many lanes may run each platform's tasks (the
  // budgets read it at every call). A disabled connector's tasks are not claimed: they wait,
  // untouched, until it is enabled.
  const limits = await runtime.limits.current();
  const lanePlatforms = platformsPerLane([...runtime.connectors.enabled(), INTERNAL_PLATFORM], limits, runtime.config.dispatchConcurrency);
  // Claims leave alone the tasks of exhausted budgets; a task a budget refused makes the next claim look again.
  const budgets = createBudgetClaimGuard(runtime, {
    onJobsChanged: (jobIds) => reports.push(...jobIds.map((jobId) => recordProgress(runtime, jobId, 'budget'))),
  });
  const handle: TaskHandler = async (task, context) => {
    const handler = task.platform === INTERNAL_PLATFORM ? await internalTaskHandler(runtime, task.kind) : (await runtime.connectors.get(task.platform)).handler(task.kind);
    if (!handler) throw new PermanentError(`the ${task.platform} connector has no handler for task kind "${task.kind}"`);
    await handler(task, context);
  };
  const onTaskDone = (task: Task, outcome: TaskOutcome, reason?: string) => {
    if (outcome === 'reschedule' || outcome === 'park') budgets.checkSoon();
    if (outcome === 'succeeded' || outcome === 'dead') reports.push(releaseNextTask(db, task, runtime.clock.now()).catch((error) => runtime.logger.error('task.release_next_failed', { task_id: task.id, error })));
    reports.push(reportTask(runtime, task, outcome, reason));
  };
  // Job progress follows committed steps, so a long task's job moves within seconds (DESIGN:
  // within 5 s) — at most once a second per job, the last step always written: each refresh
  // locks the job row, and steps of parallel lanes come fast.
  // The job's checkpoint follows steps too: the latest step of each job goes with its refresh.
  const lastStep = new Map<number, JobCheckpoint>();
  const refreshOnStep = throttleByKey(STEP_PROGRESS_INTERVAL_MS, () => runtime.clock.now().getTime(), (jobId: number) => {
    const checkpoint = lastStep.get(jobId);
    return recordProgress(runtime, jobId, 'step', checkpoint ? { checkpoint } : {});
  });
  const onStepCommitted = (task: Task, checkpoint: unknown) => {
    if (task.jobId === null) return;
    // Several lanes step the same job: keep the furthest step (laterCheckpoint), not the last one.
    const step = { task: task.dedupeKey, step: checkpoint, at: runtime.clock.now().toISOString() };
    const previous = lastStep.get(task.jobId) ?? null;
    lastStep.set(task.jobId, laterCheckpoint(previous, step) ?? previous ?? step);
    const refresh = refreshOnStep(task.jobId);
    if (refresh) reports.push(refresh);
  };
  // A heartbeat is the job's sign of life too: a job is stale only when neither moved for 10 minutes.
  const onHeartbeat = (tasks: Task[]) => touchJobs(db, tasks.flatMap((task) => (task.jobId === null ? [] : [task.jobId])), runtime.clock.now());
  let lanes: DrainSummary[];
  try {
    lanes = await settleAll(
      lanePlatforms.map((platforms) =>
        drainQueue({ db, strategy: runtime.claimStrategy, handle, clock: runtime.clock, deadline, batchSize: 1, concurrency: 1, leaseMs: LEASE_MS, platforms, onTaskDone, onStepCommitted, onHeartbeat, beforeClaim: budgets.beforeClaim }),
      ),
    );
  } finally {
    // The lanes are done: the last steps' progress is written now, not an interval later.
    refreshOnStep.flush();
    // Even when a lane failed, no progress write may outlive the response.
    await Promise.allSettled(reports);
  }
  const summary = lanes.reduce(addSummaries, emptySummary());
  return {
    ...summary,
    reclaimed: reclaimed.requeued + reclaimed.dead,
    recovered: recovery.refreshed,
    remaining: await countQueuedTasks(db),
    duration_ms: runtime.clock.now().getTime() - started.getTime(),
  };
}

/**
 * Logs a task's outcome and stores its job's progress with the checkpoint (on success) or
 * the error. A reschedule (rate limit, quota, deadline) or a lost lease is no error of the
 * job's: it is logged but not kept, so real failures are not pushed out of the job's recent errors.
 */
async function reportTask(runtime: Runtime, task: Task, outcome: TaskOutcome, reason: string | undefined): Promise<void> {
  const at = runtime.clock.now().toISOString();
  const fields = { task_id: task.id, kind: task.kind, dedupe_key: task.dedupeKey, connection_id: task.connectionId, job_id: task.jobId, outcome, ...(reason ? { reason } : {}) };
  runtime.logger[outcome === 'succeeded' || outcome === 'reschedule' ? 'info' : 'warn']('task.finished', fields);
  if (task.jobId === null) return;
  let event: JobEvent = {};
  if (outcome === 'succeeded') event = { checkpoint: { task: task.dedupeKey, finished_at: at } };
  // A lost lease is no failure of the job's: the task was reclaimed (the reclaim records why),
  // or a person cancelled or paused the job.
  else if (outcome !== 'reschedule' && outcome !== 'lease-lost') event = { error: { at, message: `${task.dedupeKey}: ${outcome}${reason ? ` — ${reason}` : ''}` } };
  await recordProgress(runtime, task.jobId, outcome, event);
}

async function recordProgress(runtime: Runtime, jobId: number, cause: string, event: JobEvent = {}): Promise<void> {
  let progress: StoredProgress;
  try {
    progress = await refreshJobProgress(runtime.database.db, jobId, runtime.clock.now(), event);
    runtime.logger.info('job.progress', { job_id: jobId, cause, status: progress.status, done: progress.done, total: progress.total });
  } catch (error) {
    runtime.logger.error('job.progress_failed', { job_id: jobId, error });
    return;
  }
  // Missed here (this invocation killed first), it is started by a later recovery pass.
  if ((progress.status === 'succeeded' || progress.status === 'failed') && progress.previous !== progress.status) await startFollowUp(runtime, jobId);
}

/** Starts a succeeded job's follow-up (once: follow-up-jobs.ts); a failure is logged, the dispatch goes on, a recovery pass retries. */
async function startFollowUp(runtime: Runtime, jobId: number): Promise<void> {
  try {
    await startFollowUpJob(runtime, jobId);
  } catch (error) {
    runtime.logger.error('job.follow_up_failed', { job_id: jobId, error });
  }
}

/**
 * Pure: the platforms each lane claims. Lane i takes a platform's tasks only while i is below
 * the platform's `concurrency`, so no more than that many of its tasks run at once in the
 * invocation — exactly, with no coordination between lanes. There are as many lanes as the
 * largest concurrency (a platform without a budget named after it uses `fallback`).
 */
export function platformsPerLane(enabled: readonly string[], limits: Readonly<Record<string, { concurrency: number }>>, fallback: number): string[][] {
  const concurrency = (platform: string) => limits[platform]?.concurrency ?? fallback;
  const lanes = Math.max(0, ...enabled.map(concurrency));
  return Array.from({ length: lanes }, (_, lane) => enabled.filter((platform) => lane < concurrency(platform)));
}

function addSummaries(a: DrainSummary, b: DrainSummary): DrainSummary {
  return Object.fromEntries(Object.keys(a).map((key) => [key, a[key as keyof DrainSummary] + b[key as keyof DrainSummary]])) as unknown as DrainSummary;
}
