import type { Phase } from '../../db/tables/data-backfills.table.js';
import { inTransaction, type Trx } from '../../db/transaction.js';
import { ConflictError, InvalidPlanError, NotFoundError, ValidationError } from '../errors.js';
import { approvalTaskOf, cancelJobTasks, countTasksByStatus, enqueueTasks, holdTaskForApproval, releaseApprovedTask, setTaskPayload } from '../queue/repository/index.js';
import { createJobWithTasks, getJob, refreshJobProgress } from '../jobs/backfill-jobs.repository.js';
import { isActiveJob } from '../jobs/job-lifecycle.js';
import type { Runtime } from '../runtime.js';
import { createTokenCipher } from '../shared/token-cipher.js';
import { INTERNAL_PLATFORM } from '../jobs/internal-platform.js';
import { PHASE_KIND, phaseTaskKey, type PhaseTask } from './phases.js';
import { checkPlan, type CheckedPlan } from './plan-check.js';
import { planSchema, type Plan } from './plan.schema.js';
import { dryRun } from './dry-run.js';
import { approvalsOf, getRun, insertApproval, insertRun, listRuns, lockRun, updateRun, type Run } from './runs.repository.js';
import { readSchemaCatalogue } from './schema-catalogue.js';
import { toRunView, type RunView } from './run-view.js';

/**
 * Guarded data backfills (DESIGN.md "Guarded data backfills", seed 004): a run of a plan is a
 * `data-backfill` job (scope `*:sluice:{name}:data-backfill`: one active run per plan name) whose
 * phases are its tasks on Sluice's own platform. The `plan` phase (the dry run) runs at create;
 * each later phase's task waits paused (`approval`) until a person approves that phase, and the
 * dispatcher runs it — so a run survives invocations and crashes.
 */

export const DATA_BACKFILL_TYPE = 'data-backfill';

/** The plan parsed and checked against the schema it will run on; the first problem is a 400 `invalid_plan` naming its field. */
export async function checkedPlanOf(runtime: Runtime, input: unknown): Promise<CheckedPlan> {
  const parsed = planSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length === 0 ? 'plan' : issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
    throw new InvalidPlanError(`${field}: ${issue.message}`);
  }
  return checkPlan(parsed.data, await readSchemaCatalogue(runtime.database.db));
}

/** Checks the plan, runs its dry run and creates the run, awaiting approval of `apply`. */
export async function createRun(runtime: Runtime, input: unknown): Promise<RunView> {
  const checked = await checkedPlanOf(runtime, input);
  const { db } = runtime.database;
  const planResults = await dryRun(db, checked);
  const now = runtime.clock.now();
  const runId = await inTransaction(db, async (trx) => {
    // The run first (its id names its phases' tasks), then its job with the apply task waiting for approval.
    const id = await insertRun(trx, { jobId: 0, name: checked.plan.name, plan: checked.plan, results: { plan: planResults }, nextPhase: 'apply' }, now);
    const jobId = await startRunJob(trx, { id, name: checked.plan.name }, 'apply', now);
    await updateRun(trx, id, { jobId }, now);
    return id;
  });
  runtime.logger.info('data_backfill.created', { run_id: runId, name: checked.plan.name, rows: planResults.rows });
  return showRun(runtime, runId);
}

export interface ApproveRequest {
  phase: Phase;
  by: string;
  note: string;
  overrideReason?: string;
  /** Health only: the database to check, instead of HEALTH_DATABASE_URL. Kept sealed with the task. */
  databaseUrl?: string;
}

/** Records a person's approval of the phase the run waits for and releases its task. */
export async function approveRun(runtime: Runtime, runId: number, request: ApproveRequest): Promise<RunView> {
  const now = runtime.clock.now();
  await inTransaction(runtime.database.db, async (trx) => {
    const run = await lockRun(trx, runId);
    if (!run) throw new NotFoundError(`no data-backfill run ${runId}`);
    if (run.status === 'running') throw new ConflictError(`run ${runId} is running its ${run.phase} phase: approve once it halts`);
    if (run.nextPhase === null) throw new ConflictError(`run ${runId} is ${run.status}: no phase is left to approve`);
    if (request.phase !== run.nextPhase) throw new ConflictError(`run ${runId} awaits approval of ${run.nextPhase}, not ${request.phase}`);
    const again = run.status === 'failed' && run.results.failure?.phase === request.phase;
    if (run.status === 'failed' && !again && !request.overrideReason) {
      throw new ValidationError(`override_reason: its ${run.results.failure?.phase ?? run.phase} phase failed; approving ${request.phase} past it needs an override_reason`, [
        { path: 'override_reason', message: 'required past a failed phase' },
      ]);
    }
    await insertApproval(trx, runId, { phase: request.phase, by: request.by, note: request.note, override_reason: request.overrideReason ?? null }, now);
    const { waiting } = await approvalTaskOf(trx, run.jobId, PHASE_KIND[request.phase as PhaseTask]);
    if (waiting === undefined) throw new ConflictError(`run ${runId}'s ${request.phase} task is not waiting for an approval`);
    if (request.databaseUrl !== undefined) {
      if (request.phase !== 'health') throw new ValidationError('database_url: only the health phase reads another database', [{ path: 'database_url', message: 'health only' }]);
      const cipher = runtime.config.tokenEncryptionKey ? createTokenCipher(runtime.config.tokenEncryptionKey) : undefined;
      if (!cipher) throw new ConflictError('TOKEN_ENCRYPTION_KEY must be set to keep a database URL with the run');
      await setTaskPayload(trx, waiting, { run_id: runId, database_url_enc: cipher.encrypt(request.databaseUrl) });
    }
    await releaseApprovedTask(trx, waiting, now);
    await updateRun(trx, runId, { status: 'running', phase: request.phase, nextPhase: null }, now);
    await refreshJobProgress(trx, run.jobId, now);
  });
  runtime.logger.info('data_backfill.approved', { run_id: runId, phase: request.phase, by: request.by, override: request.overrideReason !== undefined });
  return showRun(runtime, runId);
}

/**
 * Rolls the apply back (no approval needed, DESIGN.md): a phase waiting for approval is
 * cancelled, and a rollback task restores every changed row that still holds what the apply
 * wrote, throttled as the apply was; a row changed since is a conflict, left as it is.
 */
export async function rollbackRun(runtime: Runtime, runId: number): Promise<RunView> {
  const now = runtime.clock.now();
  await inTransaction(runtime.database.db, async (trx) => {
    const run = await lockRun(trx, runId);
    if (!run) throw new NotFoundError(`no data-backfill run ${runId}`);
    const plan = run.plan as Plan;
    if (plan.operation.kind !== 'sql-update') throw new ConflictError(`run ${runId} ran jobs (sluice-job): there is nothing to roll back`);
    const job = await getJob(trx, run.jobId);
    const jobActive = job !== undefined && isActiveJob(job.status);
    const counts = jobActive ? await countTasksByStatus(trx, { jobId: run.jobId }) : undefined;
    // A run marked running with nothing left to run it (its task died, or its job was cancelled).
    const stalled = run.status === 'running' && (counts === undefined || counts.queued + counts.running + counts.paused === 0);
    if (run.status === 'running' && !stalled && run.phase !== 'apply') throw new ConflictError(`run ${runId} is running its ${run.phase} phase: roll back once it halts`);
    if (!run.results.apply) throw new ConflictError(`run ${runId} has not applied anything: nothing to roll back`);
    if (run.results.rollback) throw new ConflictError(`run ${runId} was rolled back already`);
    // An apply under way is stopped (its batch in flight commits nothing once its lease goes), a
    // waiting phase is cancelled: after a rollback there is nothing to soak or check. A rollback
    // that failed or stalled is run again; it resumes from the rows it had not handled. A run
    // whose job ended rolls back under a new job of the same scope.
    const attempt = run.phase === 'rollback' ? now.getTime() : 1;
    if (jobActive) {
      await cancelJobTasks(trx, run.jobId, now);
      await enqueueTasks(trx, [phaseTask(run, 'rollback', attempt)], now);
      await refreshJobProgress(trx, run.jobId, now);
    } else {
      await updateRun(trx, runId, { jobId: await startRunJob(trx, run, 'rollback', now, attempt) }, now);
    }
    await updateRun(trx, runId, { status: 'running', phase: 'rollback', nextPhase: null }, now);
  });
  runtime.logger.info('data_backfill.rollback', { run_id: runId });
  return showRun(runtime, runId);
}

export async function listRunViews(runtime: Runtime, limit: number): Promise<{ runs: RunView[] }> {
  const runs = await listRuns(runtime.database.db, limit);
  return { runs: await Promise.all(runs.map(async (run) => toRunView(await withStall(runtime, run), await approvalsOf(runtime.database.db, run.id)))) };
}

export async function showRun(runtime: Runtime, runId: number): Promise<RunView> {
  const { db } = runtime.database;
  const run = await getRun(db, runId);
  if (!run) throw new NotFoundError(`no data-backfill run ${runId}`);
  return toRunView(await withStall(runtime, run), await approvalsOf(db, runId));
}

/**
 * A run marked running whose task is gone (it died, or a person cancelled its job through the
 * jobs API) is shown as the failed phase it is, so an operator sees to roll it back.
 */
async function withStall(runtime: Runtime, run: Run): Promise<Run> {
  if (run.status !== 'running') return run;
  const job = await getJob(runtime.database.db, run.jobId);
  const counts = job && isActiveJob(job.status) ? await countTasksByStatus(runtime.database.db, { jobId: run.jobId }) : undefined;
  if (counts && counts.queued + counts.running + counts.paused > 0) return run;
  return { ...run, status: 'failed', results: { ...run.results, failure: { phase: run.phase, message: `its ${run.phase} task ended without finishing (it gave up, or its job was cancelled): roll it back, or start the plan again` } } };
}

/**
 * A new `data-backfill` job for the run holding its first task: `apply` waiting for approval, or
 * a rollback ready now. Another active run of the plan's name is a 409 naming its job.
 */
async function startRunJob(trx: Trx, run: Pick<Run, 'id' | 'name'>, phase: 'apply' | 'rollback', now: Date, attempt = 1): Promise<number> {
  const { jobId } = await createJobWithTasks(
    trx,
    { type: DATA_BACKFILL_TYPE, tenantId: '*', platform: INTERNAL_PLATFORM, connectionId: null, scope: runScope(run.name), config: { name: run.name, run_id: run.id } },
    [phaseTask({ id: run.id, jobId: null }, phase, attempt)],
    { rerun: false, whenActive: 'reject', keepStale: true },
    now,
  );
  if (jobId === null) throw new ConflictError(`run ${run.id}'s ${phase} task exists already`);
  if (phase === 'apply') await holdTaskForApproval(trx, phaseTaskKey(run.id, phase), now);
  await refreshJobProgress(trx, jobId, now);
  return jobId;
}

/** Queues the phase's task under the run's job, waiting for its approval (a fresh one when the phase ran before and failed). */
export async function enqueuePhase(trx: Trx, run: Pick<Run, 'id' | 'jobId'>, phase: PhaseTask, now: Date): Promise<void> {
  const { count } = await approvalTaskOf(trx, run.jobId, PHASE_KIND[phase]);
  const task = phaseTask(run, phase, count + 1);
  await enqueueTasks(trx, [task], now);
  await holdTaskForApproval(trx, task.dedupeKey, now);
}

function phaseTask(run: { id: number; jobId: number | null }, phase: PhaseTask, attempt = 1) {
  return { tenantId: '*', platform: INTERNAL_PLATFORM, connectionId: null, kind: PHASE_KIND[phase], dedupeKey: phaseTaskKey(run.id, phase, attempt), payload: { run_id: run.id }, jobId: run.jobId };
}

export function runScope(name: string): string {
  return `*:${INTERNAL_PLATFORM}:${name}:${DATA_BACKFILL_TYPE}`;
}

