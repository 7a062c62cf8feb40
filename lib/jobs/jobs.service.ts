import { inTransaction, type Trx } from '../../db/transaction.js';
import { budgetWaitFor, usedNow } from '../budgets/budget-usage.js';
import { budgetSnapshot, type BudgetSnapshot } from '../budgets/rate-limit-config.service.js';
import { budgetAccountKeyOf } from '../budgets/budget-account.js';
import { estimateUnderLimits, type RateLimits } from '../budgets/rate-limit-config.js';
import { accountIdsOf, findConnection, getConnection, listConnections, type Connection } from '../connections/connections.repository.js';
import { BACKFILL_JOB_TYPES, type JobDetail, type JobDetailReader, type JobParams, type JobPlan, type JobType } from '../connectors/connector.js';
import type { ConnectorDefinition } from '../connectors/live-connectors.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { cancelJobTasks, countJobTasksByKind, findTasksByDedupeKeys, listJobTaskFacts, listJobTaskStates, pauseJobTasks, resumeJobTasks, type ExistingTask } from '../queue/repository/index.js';
import type { Runtime } from '../runtime.js';
import { activeJobOf, commandJob, getJob, isStaleJob, listJobs, refreshJobProgress, type JobFilter } from './backfill-jobs.repository.js';
import { acceptsCommand, JOB_COMMANDS, type JobCommand, type JobStatus } from './job-lifecycle.js';
import { jobScope } from './job-scope.js';
import { toJobView, type JobBudgetWait, type JobView, type TaskLabel } from './job-view.js';
import { planJob, planningFactsOf, startJob } from './start-job.js';

/**
 * The jobs service behind the admin API (DESIGN.md "Jobs", "Contracts"): create, preview,
 * show, list and command jobs of any type on any platform, each planned by its connector's
 * planner (the registry), so this file names no platform.
 */

/** What a create or a preview asks for. */
export interface JobRequest {
  type: JobType;
  platform: string;
  tenantId: string;
  /** The connection, by id or by its account id; neither: the tenant's only connection of the platform. */
  connectionId?: number;
  accountId?: string;
  params: JobParams;
}

/** Plans and enqueues a job; a scope with a live job is a JobActiveError (409) naming it, a stale one is taken over. */
export async function createJob(runtime: Runtime, request: JobRequest): Promise<JobView> {
  const { definition, connection } = await resolveTarget(runtime, request);
  const started = await inTransaction(runtime.database.db, (trx) =>
    startJob(trx, definition, connection, { type: request.type, params: request.params, whenActive: 'reject', reviveCancelled: true }, runtime.clock.now()),
  );
  if (started.jobId === null) {
    throw new ConflictError(`nothing to run: every task of this ${request.type} job already exists and none is re-run; pass "force": true to run finished ones again`);
  }
  if (started.superseded !== undefined) runtime.logger.warn('job.superseded', { job_id: started.superseded, by: started.jobId });
  runtime.logger.info('job.created', { job_id: started.jobId, type: request.type, platform: request.platform, tenant_id: request.tenantId, tasks: started.enqueued });
  return showJob(runtime, started.jobId);
}

export interface JobPreview {
  type: JobType;
  platform: string;
  tenant_id: string;
  connection_id: number;
  account_id: string;
  scope: string;
  config: Record<string, unknown>;
  /** Tasks the plan holds. */
  tasks: number;
  /** Already done and left alone (without `force`). */
  skipped: number;
  /** Queued or running under a job already: they run anyway and are not enqueued again. */
  in_flight: number;
  /** What a create would run. */
  to_run: number;
  api_calls: number;
  quota_units: number;
  budget: string;
  rate: { requests_per_second: number; concurrency: number; daily_quota: number | null; backfill_share: number } | null;
  estimated_seconds: number;
  /** Days the budget's daily quota spreads the work over (1: today holds it); null: its backfill share is 0. */
  estimated_days: number | null;
  /** How `api_calls` is made up, when the connector says (e.g. `top_list_calls`, `tail_calls_max`). */
  cost_breakdown?: Record<string, number>;
  /** Other budgets the job spends (e.g. a catalogue's Data API units). */
  also_spends?: { budget: string; quota_units: number }[];
  /** The live job of the scope, if any: a create answers 409 naming it — or, when it is stale, takes it over. */
  active_job_id: number | null;
  active_job_stale: boolean;
  chunks: { task: string; status: 'new' | 'done' | 'in_flight' | 'rerun' }[];
}

/** The same planner as a create, with its writes diverted to this report. Writes nothing. */
export async function previewJob(runtime: Runtime, request: JobRequest): Promise<JobPreview> {
  const { definition, connection } = await resolveTarget(runtime, request);
  const now = runtime.clock.now();
  const { db } = runtime.database;
  const plan = planJob(definition, connection, request.type, request.params, now, await planningFactsOf(db, definition, connection, request.type));
  const existing = await findTasksByDedupeKeys(db, plan.tasks.map((task) => task.dedupeKey));
  const budget = plan.estimate.budget ?? connection.platform;
  const snapshot = await budgetSnapshot(runtime);
  const limits = snapshot.limits[budget] ?? null;
  const spec = snapshot.declared.find((declared) => declared.key === budget);
  const used = spec ? usedNow(spec, snapshot.states, budgetAccountKeyOf(connection, definition.connector.budgetsPerGrant ?? false), now) : { used: 0, backfillUsed: 0 };
  const scope = scopeOf(connection, request.type);
  const activeId = await activeJobOf(db, scope);
  const active = activeId === undefined ? undefined : await getJob(db, activeId);
  return {
    type: request.type,
    platform: connection.platform,
    tenant_id: connection.tenantId,
    connection_id: connection.id,
    account_id: connection.externalAccountId,
    scope,
    config: plan.config,
    ...summarizePlan(plan, existing, { force: request.params.force ?? false, backfill: BACKFILL_JOB_TYPES.includes(request.type), budget, limits, used }),
    active_job_id: active?.id ?? null,
    active_job_stale: active ? await isStaleJob(db, active, now) : false,
  };
}

/**
 * Pure: what a create of `plan` would do given the tasks that already exist: which chunks are
 * new, done (skipped), in flight under a job already, or re-run (`force`; a cancelled chunk
 * never finished, so it runs again), and its cost under the budget's limits with what its
 * window has left (`used`: the units counted in it, in all and by backfills).
 */
export function summarizePlan(
  plan: JobPlan,
  existing: readonly ExistingTask[],
  options: { force: boolean; backfill: boolean; budget: string; limits: RateLimits | null; used?: { used: number; backfillUsed: number } },
): Omit<JobPreview, 'type' | 'platform' | 'tenant_id' | 'connection_id' | 'account_id' | 'scope' | 'config' | 'active_job_id' | 'active_job_stale'> {
  const statusOf = new Map(existing.map((task) => [task.dedupeKey, task.status]));
  const chunks = plan.tasks.map((task) => ({ task: task.dedupeKey, status: chunkStatus(statusOf.get(task.dedupeKey), options.force) }));
  const tally = (status: string) => chunks.filter((chunk) => chunk.status === status).length;
  const toRun = tally('new') + tally('rerun');
  const { apiCalls, quotaUnits, parts } = costOfRuns(plan, chunks.map((chunk) => chunk.status === 'new' || chunk.status === 'rerun'));
  const { limits } = options;
  const estimate = limits
    ? estimateUnderLimits(limits, { apiCalls, quotaUnits, used: options.used ?? { used: 0, backfillUsed: 0 }, backfill: options.backfill })
    : { estimatedSeconds: 0, estimatedDays: quotaUnits === 0 ? 0 : 1 };
  return {
    tasks: plan.tasks.length,
    skipped: tally('done'),
    in_flight: tally('in_flight'),
    to_run: toRun,
    api_calls: apiCalls,
    quota_units: quotaUnits,
    budget: options.budget,
    rate: limits && { requests_per_second: limits.requests_per_second, concurrency: limits.concurrency, daily_quota: limits.daily_quota, backfill_share: limits.backfill_share },
    estimated_seconds: estimate.estimatedSeconds,
    estimated_days: estimate.estimatedDays,
    ...(parts ? { cost_breakdown: parts } : {}),
    ...(plan.estimate.alsoSpends ? { also_spends: plan.estimate.alsoSpends.map((spend) => ({ budget: spend.budget, quota_units: toRun === 0 ? 0 : spend.quotaUnits })) } : {}),
    chunks,
  };
}

/**
 * Pure: what the tasks that would run cost — their own shares when the planner gives them
 * (`perTask`, summed with their parts), else an equal share of the plan's estimate each.
 */
function costOfRuns(plan: JobPlan, runs: readonly boolean[]): { apiCalls: number; quotaUnits: number; parts?: Record<string, number> } {
  const { perTask } = plan.estimate;
  if (!perTask) {
    const share = plan.tasks.length === 0 ? 0 : runs.filter(Boolean).length / plan.tasks.length;
    return { apiCalls: Math.round(plan.estimate.apiCalls * share), quotaUnits: Math.round(plan.estimate.quotaUnits * share) };
  }
  const running = perTask.filter((_, i) => runs[i]);
  const parts: Record<string, number> = {};
  for (const cost of running) for (const [name, value] of Object.entries(cost.parts ?? {})) parts[name] = (parts[name] ?? 0) + value;
  return {
    apiCalls: running.reduce((sum, cost) => sum + cost.apiCalls, 0),
    quotaUnits: running.reduce((sum, cost) => sum + cost.quotaUnits, 0),
    ...(Object.keys(parts).length > 0 ? { parts } : {}),
  };
}

function chunkStatus(status: string | undefined, force: boolean): JobPreview['chunks'][number]['status'] {
  if (status === undefined || status === 'cancelled') return 'new';
  if (status === 'queued' || status === 'running' || status === 'paused') return 'in_flight';
  return force ? 'rerun' : 'done';
}

export async function showJob(runtime: Runtime, jobId: number): Promise<JobView> {
  const { db } = runtime.database;
  const job = await getJob(db, jobId);
  if (!job) throw new NotFoundError(`no job ${jobId}`);
  const [kinds, connection, platform] = await Promise.all([
    countJobTasksByKind(db, jobId),
    job.connectionId === null ? undefined : getConnection(db, job.connectionId),
    platformFacts(runtime, job.platform),
  ]);
  const accountId = connection?.externalAccountId ?? null;
  const budgetKey = connection ? budgetAccountKeyOf(connection, platform.budgetsPerGrant) : null;
  const budgetWait = platform.snapshot ? jobBudgetWait(platform.snapshot, job, kinds.map((part) => part.kind), budgetKey) : null;
  const entityKinds = Object.entries(platform.labels).flatMap(([kind, label]) => (label.entity === undefined ? [] : [kind]));
  // In the connector's order (its labels list the entities as its backfill runs them).
  const entityTasks = (await listJobTaskStates(db, jobId, entityKinds)).sort((a, b) => entityKinds.indexOf(a.kind) - entityKinds.indexOf(b.kind));
  const now = runtime.clock.now();
  const reader = platform.jobDetails[job.type as JobType];
  const detail: JobDetail | undefined = reader
    ? await reader({ db, job: { id: job.id, lastResumedAt: job.lastResumedAt }, tasks: await listJobTaskFacts(db, jobId), budgetWaitUntil: budgetWait?.until ? new Date(budgetWait.until) : null }, now)
    : undefined;
  const budget = detail?.budget !== undefined ? (platform.snapshot?.limits[detail.budget] ?? null) : platform.budget;
  return toJobView(job, { kinds, accountId, budget, budgetWait, labels: platform.labels, entityTasks, ...(detail ? { detail } : {}) }, now);
}

/**
 * Pure: the first budget the job's task kinds spend that makes them wait now (a backfill also
 * waits for its share), with why and until when.
 */
function jobBudgetWait(snapshot: BudgetSnapshot, job: { platform: string; type: string }, kinds: readonly string[], budgetKey: string | null): JobBudgetWait | null {
  for (const spec of snapshot.declared) {
    if (spec.platform !== job.platform || !spec.spentBy.some((kind) => kinds.includes(kind))) continue;
    const wait = budgetWaitFor(spec, snapshot.limits[spec.key], snapshot.states, { accountKey: budgetKey, backfill: BACKFILL_JOB_TYPES.includes(job.type) }, snapshot.now);
    if (wait) return { budget: spec.key, ...wait };
  }
  return null;
}

/** The platform's budgets as they stand and its task labels; a platform disabled since, or failing to load, has neither. */
async function platformFacts(runtime: Runtime, platform: string): Promise<PlatformFacts> {
  const none: PlatformFacts = { budget: null, snapshot: null, labels: {}, budgetsPerGrant: false, jobDetails: {} };
  if (!runtime.connectors.enabled().includes(platform)) return none;
  try {
    const [snapshot, definition] = await Promise.all([budgetSnapshot(runtime), runtime.connectors.definition(platform)]);
    const { connector } = definition;
    return { budget: snapshot.limits[platform] ?? null, snapshot, labels: { ...connector.taskLabels }, budgetsPerGrant: connector.budgetsPerGrant ?? false, jobDetails: { ...connector.jobDetails } };
  } catch (error) {
    runtime.logger.error('job.platform_unavailable', { platform, error });
    return none;
  }
}

interface PlatformFacts {
  budget: RateLimits | null;
  snapshot: BudgetSnapshot | null;
  labels: Record<string, TaskLabel>;
  budgetsPerGrant: boolean;
  jobDetails: Partial<Record<JobType, JobDetailReader>>;
}

export interface JobList {
  jobs: JobView[];
  /** Pass as `cursor` for the next page; null at the end. */
  next_cursor: string | null;
}

/** History, newest first; each job with duration, outcome and error summary (per-kind detail is in showJob). */
export async function listJobHistory(runtime: Runtime, filter: Omit<JobFilter, 'beforeId'>, page: { limit: number; cursor?: number }): Promise<JobList> {
  const rows = await listJobs(runtime.database.db, { ...filter, ...(page.cursor === undefined ? {} : { beforeId: page.cursor }) }, page.limit + 1);
  const jobs = rows.slice(0, page.limit);
  const accounts = await accountIdsOf(runtime.database.db, jobs.flatMap((job) => (job.connectionId === null ? [] : [job.connectionId])));
  const now = runtime.clock.now();
  return {
    jobs: jobs.map((job) => toJobView(job, { kinds: [], accountId: job.connectionId === null ? null : (accounts.get(job.connectionId) ?? null), budget: null }, now)),
    next_cursor: rows.length > page.limit ? String(jobs.at(-1)!.id) : null,
  };
}

/** Cancel: unfinished tasks `cancelled` (a running one stops at its next step), the job `cancelled`. */
export async function cancelJob(runtime: Runtime, jobId: number): Promise<JobView> {
  await command(runtime, jobId, 'cancel', async (trx, now) => {
    await cancelJobTasks(trx, jobId, now);
  });
  return showJob(runtime, jobId);
}

/** Pause: nothing more of the job is claimed; its tasks wait `paused` (a running one stops at its next step). */
export async function pauseJob(runtime: Runtime, jobId: number): Promise<JobView> {
  await command(runtime, jobId, 'pause', async (trx, now) => {
    await pauseJobTasks(trx, jobId, now);
  });
  return showJob(runtime, jobId);
}

/** Resume: the job's paused tasks are queued, ready now. */
export async function resumeJob(runtime: Runtime, jobId: number): Promise<JobView> {
  await command(runtime, jobId, 'resume', async (trx, now) => {
    await resumeJobTasks(trx, jobId, now);
  });
  return showJob(runtime, jobId);
}

/** The status a command moves the job to; its tasks then say where it goes (a resumed job that had started is `running`). */
const COMMAND_TARGET = { cancel: 'cancelled', pause: 'paused', resume: 'pending' } as const satisfies Record<JobCommand, JobStatus>;

/**
 * Applies a person's command under the job's row lock: refused (409) unless the job's status
 * accepts it, then `apply` changes its tasks and the job's progress is written from them in the
 * same transaction, so the answer shows where the job stands.
 */
async function command(runtime: Runtime, jobId: number, name: JobCommand, apply: (trx: Trx, now: Date) => Promise<void>): Promise<void> {
  const now = runtime.clock.now();
  await inTransaction(runtime.database.db, async (trx) => {
    const from = await commandJob(trx, jobId, { to: COMMAND_TARGET[name], from: JOB_COMMANDS[name], ...(name === 'cancel' ? { reason: 'cancelled' } : {}), resumed: name === 'resume' }, now);
    if (from === undefined) throw new NotFoundError(`no job ${jobId}`);
    if (!acceptsCommand(from, name)) throw new ConflictError(`job ${jobId} is ${from}: ${name} applies to ${JOB_COMMANDS[name].join(', ')} jobs`);
    await apply(trx, now);
    const progress = await refreshJobProgress(trx, jobId, now);
    if (name === 'resume' && progress.status === 'paused') {
      throw new ConflictError(
        `job ${jobId} waits for its connection's re-authorization or for a budget limit, not for a person's pause: reconnect the account, or raise the limit its status names`,
      );
    }
  });
  runtime.logger.info(`job.${name}`, { job_id: jobId });
}

/** The connector and connection a request names, or the caller's mistake named. */
async function resolveTarget(runtime: Runtime, request: JobRequest): Promise<{ definition: ConnectorDefinition; connection: Connection }> {
  // As on the seed-000 endpoint: an unknown platform is the caller's mistake; one this
  // deployment does not run is a conflict with its configuration.
  if (!runtime.connectors.known().includes(request.platform)) {
    throw new ValidationError(`no connector for platform "${request.platform}"`, [{ path: 'platform', message: `must be one of ${runtime.connectors.known().join(', ')}` }]);
  }
  if (!runtime.connectors.enabled().includes(request.platform)) throw new ConflictError(`the ${request.platform} connector is not enabled on this deployment (CONNECTORS)`);
  const definition = await runtime.connectors.definition(request.platform);
  if (!definition.connector.planners[request.type]) {
    throw new ValidationError(`the ${request.platform} connector has no "${request.type}" jobs`, [{ path: 'type', message: `not planned by the ${request.platform} connector` }]);
  }
  const connection = await findTargetConnection(runtime, request);
  if (connection.status !== 'active') throw new ConflictError(`connection ${connection.id} is ${connection.status}: reconnect it through OAuth first`);
  return { definition, connection };
}

async function findTargetConnection(runtime: Runtime, request: JobRequest): Promise<Connection> {
  const { db } = runtime.database;
  const target = `tenant ${request.tenantId}`;
  if (request.connectionId !== undefined) {
    const connection = await getConnection(db, request.connectionId);
    if (!connection || connection.tenantId !== request.tenantId || connection.platform !== request.platform) {
      throw new NotFoundError(`no ${request.platform} connection ${request.connectionId} for ${target}`);
    }
    if (request.accountId !== undefined && request.accountId !== connection.externalAccountId) {
      throw new ValidationError('account_id and connection_id name different accounts', [{ path: 'account_id', message: `connection ${connection.id} is account ${connection.externalAccountId}` }]);
    }
    return connection;
  }
  if (request.accountId !== undefined) {
    const connection = await findConnection(db, request.tenantId, request.platform, request.accountId);
    if (!connection) throw new NotFoundError(`no ${request.platform} connection for account ${request.accountId} of ${target}`);
    return connection;
  }
  const connections = await listConnections(db, { platform: request.platform, tenantId: request.tenantId });
  if (connections.length === 0) throw new NotFoundError(`no ${request.platform} connection for ${target}`);
  if (connections.length > 1) {
    throw new ValidationError(`${target} has ${connections.length} ${request.platform} connections: name one with account_id or connection_id`, [
      { path: 'account_id', message: `one of ${connections.map((c) => c.externalAccountId).join(', ')}` },
    ]);
  }
  return connections[0]!;
}

function scopeOf(connection: Connection, type: JobType): string {
  return jobScope({ tenantId: connection.tenantId, platform: connection.platform, accountId: connection.externalAccountId, type });
}

