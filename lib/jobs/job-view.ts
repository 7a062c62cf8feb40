import type { BudgetWait } from '../budgets/budget-usage.js';
import type { JobDetail } from '../connectors/connector.js';
import type { RateLimits } from '../budgets/rate-limit-config.js';
import type { KindCounts } from '../queue/repository/index.js';
import type { TaskStatus } from '../queue/task-status.js';
import { isActiveJob, type JobStatus } from './job-lifecycle.js';
import type { JobRecord } from './job-record.js';
import { entityViews, type EntityTaskState, type EntityView } from './entity-view.js';

/** A job as the admin API answers it (DESIGN.md "Jobs": the fixed shape, plus detail). */
export interface JobView {
  id: number;
  type: string;
  status: JobStatus;
  reason: string | null;
  tenant_id: string;
  platform: string;
  connection_id: number | null;
  account_id: string | null;
  scope: string;
  config: Record<string, unknown>;
  progress: { done: number; total: number; percent: number; steps_done: number };
  message: string;
  checkpoint: unknown;
  errors: { at: string; message: string }[];
  /** Per kind of task: the job's parts, each with its own progress and message. */
  scopes: ScopeView[];
  /** Commerce: each entity's status and progress in vendor records, in order (absent for other jobs). */
  entities?: EntityView[];
  /** The limits of the platform's budget in force now, when known. */
  budget: RateLimits | null;
  /** Why the job's calls wait for a budget now, and until when (null: until a person raises a limit); null when they do not. */
  budget_wait: JobBudgetWait | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** When the job should end at its pace so far; null when it is not running or has no pace yet. */
  eta: string | null;
  duration_seconds: number | null;
  /** The final status once the job ended, else null. */
  outcome: JobStatus | null;
  error_summary: string | null;
}

export type JobBudgetWait = BudgetWait & { budget: string };

export interface ScopeView {
  scope: string;
  status: 'pending' | 'running' | 'paused' | 'succeeded' | 'failed' | 'cancelled';
  done: number;
  total: number;
  percent: number;
  message: string;
}

const count = new Intl.NumberFormat('en-US');
const VERB: Record<string, string> = { 'data-collection': 'Collecting data', sync: 'Syncing', 'analytics-generation': 'Generating analytics' };

/** Pure: the API's view of a job from its row, its tasks counted per kind, and `now`. */
export function toJobView(
  job: JobRecord,
  parts: {
    kinds: readonly KindCounts[];
    accountId: string | null;
    budget: RateLimits | null;
    budgetWait?: JobBudgetWait | null;
    labels?: Readonly<Record<string, TaskLabel>>;
    /** The job's entity tasks (commerce), for `entities` and a message in records. */
    entityTasks?: readonly EntityTaskState[];
    /** The job type's own status fields, message and item errors (Connector.jobDetails). */
    detail?: JobDetail;
  },
  now: Date,
): JobView {
  const entities = parts.entityTasks && parts.entityTasks.length > 0 ? entityViews(parts.entityTasks, parts.labels ?? {}) : undefined;
  const { done, total } = job.progress;
  // A cancelled job's cancelled tasks count as done; its bar shows how far it got.
  const percent = job.status === 'cancelled' ? percentOf(job.progress.succeeded ?? 0, total) : percentOf(done, total);
  const ended = !isActiveJob(job.status);
  const started = job.startedAt ?? job.createdAt;
  const budgetWait = ended ? null : (parts.budgetWait ?? null);
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    reason: job.reason,
    tenant_id: job.tenantId,
    platform: job.platform,
    connection_id: job.connectionId,
    account_id: parts.accountId,
    scope: job.scope,
    config: job.config,
    progress: entities ? recordProgress(entities, job.progress.steps_done ?? 0) : { done, total, percent, steps_done: job.progress.steps_done ?? 0 },
    message: parts.detail?.message ?? withBudgetWait(entities ? entityJobMessage(job, entities) : jobMessage(job), budgetWait),
    checkpoint: job.checkpoint,
    errors: parts.detail?.errors ? mergeErrors(job.errors, parts.detail.errors) : job.errors,
    scopes: scopeViews(parts.kinds, parts.labels),
    ...(entities ? { entities } : {}),
    budget: parts.budget,
    budget_wait: budgetWait,
    created_at: job.createdAt.toISOString(),
    updated_at: job.updatedAt.toISOString(),
    started_at: job.startedAt?.toISOString() ?? null,
    finished_at: job.finishedAt?.toISOString() ?? null,
    eta: etaOf(job, now)?.toISOString() ?? null,
    duration_seconds: job.startedAt === null && !ended ? null : Math.round(((job.finishedAt ?? now).getTime() - started.getTime()) / 1_000),
    outcome: ended ? job.status : null,
    error_summary: errorSummary(parts.detail?.errors ? mergeErrors(job.errors, parts.detail.errors) : job.errors),
    ...parts.detail?.fields,
  };
}

/** The job's own errors and its items', oldest first, the newest MAX_VIEW_ERRORS. */
function mergeErrors(own: readonly JobView['errors'][number][], items: readonly JobView['errors'][number][]): JobView['errors'] {
  return [...own, ...items].sort((a, b) => a.at.localeCompare(b.at)).slice(-MAX_VIEW_ERRORS);
}

const MAX_VIEW_ERRORS = 50;

/** One decimal; 100 only when every task is done and 0 only when none is (9,999 of 10,000 is not done). */
export function percentOf(done: number, total: number): number {
  if (total === 0 || done === 0) return 0;
  if (done >= total) return 100;
  return Math.min(99.9, Math.max(0.1, Math.round((done / total) * 1_000) / 10));
}

/** Pure: a human line, e.g. `Collecting data… 450/1,200 tasks`. */
export function jobMessage(job: Pick<JobRecord, 'type' | 'status' | 'reason' | 'progress'>): string {
  const { done, total } = job.progress;
  const tally = `${count.format(done)}/${count.format(total)} tasks`;
  const failed = job.progress.dead ?? 0;
  switch (job.status) {
    case 'pending':
      return `Waiting to start: ${tally}`;
    case 'running':
      return `${VERB[job.type] ?? 'Running'}… ${tally}`;
    case 'paused':
      return `Paused at ${tally}`;
    case 'succeeded':
      return `Done: ${tally}`;
    case 'cancelled':
      // Its cancelled tasks count as done; what it got to is what succeeded.
      return `Cancelled at ${count.format(job.progress.succeeded ?? 0)}/${count.format(total)} tasks`;
    case 'failed':
      if (job.reason === 'superseded') return `Superseded after 10 minutes without progress, at ${tally}; a newer job took over`;
      if (job.reason === 'no_tasks') return 'Failed: it had no tasks, and planning it again gave none';
      return `Failed: ${count.format(failed)} of ${count.format(total)} tasks failed`;
  }
}

/** Commerce progress counts records (DESIGN.md): Σ of the entities' records, an entity whose total is not known yet counting what it has. */
function recordProgress(entities: readonly EntityView[], stepsDone: number): JobView['progress'] {
  const done = entities.reduce((sum, e) => sum + e.done, 0);
  const total = entities.reduce((sum, e) => sum + (e.total ?? e.done), 0);
  const finished = entities.every((e) => e.status === 'succeeded' || e.status === 'failed');
  return { done, total, percent: finished ? 100 : percentOf(done, Math.max(total, done + 1)), steps_done: stepsDone };
}

function withBudgetWait(message: string, wait: JobBudgetWait | null): string {
  return wait ? `${message} — waiting for the ${wait.budget} budget: ${wait.reason}` : message;
}

/**
 * Pure: a commerce job's line, from its entities' records: the entity at work (`Syncing orders…
 * 450/1,200`), or how it ended, entity by entity.
 */
export function entityJobMessage(job: Pick<JobRecord, 'type' | 'status' | 'reason' | 'progress'>, entities: readonly EntityView[]): string {
  if (job.status === 'running' || job.status === 'pending') {
    const current = entities.find((e) => e.status === 'running') ?? entities.find((e) => e.status === 'pending');
    if (current) return current.message;
  }
  if (job.status === 'succeeded' || job.status === 'failed') return `${job.status === 'succeeded' ? 'Done' : 'Failed'}: ${entities.map((e) => `${e.entity} ${e.status}`).join(', ')}`;
  return jobMessage(job);
}

/**
 * Pure: at the pace since the job started, when its remaining tasks end. Needs a running job
 * with at least one task done (no pace before that).
 */
export function etaOf(job: Pick<JobRecord, 'status' | 'startedAt' | 'progress'>, now: Date): Date | null {
  const { done, total } = job.progress;
  if (job.status !== 'running' || job.startedAt === null || done === 0 || done >= total) return null;
  const elapsed = now.getTime() - job.startedAt.getTime();
  return new Date(now.getTime() + Math.round((elapsed / done) * (total - done)));
}

function errorSummary(errors: readonly { message: string }[]): string | null {
  const last = errors.at(-1);
  if (!last) return null;
  const text = `${errors.length} error${errors.length === 1 ? '' : 's'}; last: ${last.message}`;
  if (text.length <= 300) return text;
  // Not between the two halves of a surrogate pair (an emoji in a vendor's message): the
  // summary must stay well-formed Unicode.
  const cut = text.slice(0, 299);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/** How a connector names a kind of task's work in messages (Connector.taskLabels). */
export interface TaskLabel {
  /** What the tasks do, e.g. `Fetching daily video metrics`. */
  verb: string;
  /** What one task is, plural, e.g. `chunks`; for an entity task, what its records are (`orders`). */
  unit: string;
  /** The commerce entity the kind syncs (`orders`…): its jobs show `entities` with record counts. */
  entity?: string;
}

/**
 * Pure: one entry per task kind, with the status its tasks give it and a human message
 * (`Fetching daily video metrics… 3/12 chunks` when the connector labels the kind).
 */
export function scopeViews(kinds: readonly KindCounts[], labels: Readonly<Record<string, TaskLabel>> = {}): ScopeView[] {
  const byKind = new Map<string, Record<TaskStatus, number>>();
  for (const row of kinds) {
    const counts = byKind.get(row.kind) ?? { queued: 0, running: 0, paused: 0, succeeded: 0, dead: 0, cancelled: 0 };
    counts[row.status] += row.count;
    byKind.set(row.kind, counts);
  }
  return [...byKind.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, c]) => {
      const total = Object.values(c).reduce((sum, n) => sum + n, 0);
      const done = c.succeeded + c.dead + c.cancelled;
      // A part some of whose tasks a person cancelled ended cancelled, and got as far as its
      // succeeded tasks: its count and bar say that, as the job's do.
      const status: ScopeView['status'] =
        done === total ? (c.dead > 0 ? 'failed' : c.cancelled > 0 ? 'cancelled' : 'succeeded') : c.running > 0 ? 'running' : c.queued > 0 ? (done > 0 ? 'running' : 'pending') : 'paused';
      const reached = status === 'cancelled' ? c.succeeded : done;
      const tally = `${count.format(reached)}/${count.format(total)}`;
      const label = labels[kind];
      return { scope: kind, status, done, total, percent: percentOf(reached, total), message: label ? `${label.verb}… ${tally} ${label.unit}` : `${kind} ${tally}` };
    });
}
