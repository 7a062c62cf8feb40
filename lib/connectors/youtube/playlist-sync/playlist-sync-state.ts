import * as z from 'zod';
import { PermanentError } from '../../../errors.js';

/**
 * A playlist-sync job's state (seed 003), kept as its task's checkpoint: committed with every
 * step, so it always agrees with the rows the step wrote (categories' playlists, operations,
 * snapshots). Pure: every change takes `now`.
 */

/** The stages in order; a restore skips `delete_playlists`. */
export const SYNC_STAGES = ['backup', 'create_playlists', 'add_videos', 'delete_playlists', 'completed'] as const;
export type SyncStage = (typeof SYNC_STAGES)[number];

export const PAUSE_REASONS = ['quota_exhausted', 'user_paused', 'errors_collected'] as const;
export type SyncPauseReason = (typeof PAUSE_REASONS)[number];

const tallySchema = z.object({ succeeded: z.number().int(), failed: z.number().int(), skipped: z.number().int() });
export type StageTally = z.infer<typeof tallySchema>;

const errorSchema = z.object({
  at: z.string(),
  stage: z.enum(SYNC_STAGES),
  entity_type: z.enum(['playlist', 'video']),
  entity_id: z.string(),
  message: z.string(),
});
export type SyncError = z.infer<typeof errorSchema>;

/** A write sent whose answer never came: looked up before anything is sent again. */
const inflightSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), target: z.string() }),
  z.object({ op: z.literal('delete'), playlist_id: z.string() }),
]);
export type Inflight = z.infer<typeof inflightSchema>;

export const syncStateSchema = z.object({
  v: z.literal(1),
  stage: z.enum(SYNC_STAGES),
  /** The current stage's items: done of total. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  stage_results: z.object({ backup: tallySchema, create_playlists: tallySchema, add_videos: tallySchema, delete_playlists: tallySchema }),
  /** Units of every request this job sent (counted before it goes out: refused ones cost too). */
  quota_used: z.number().int(),
  /** The newest MAX_ERRORS; `error_count` counts them all. */
  errors: z.array(errorSchema),
  error_count: z.number().int(),
  /** Refused writes since the job started or was last resumed: at `max_failures` it pauses for a person. */
  failures_since_resume: z.number().int(),
  pause: z.object({ reason: z.enum(['quota_exhausted', 'errors_collected']), at: z.string(), resumes_at: z.string().nullable() }).nullable(),
  inflight: inflightSchema.nullable(),
  /** Backup: the playlists were listed (their items are read one snapshot at a time). */
  listed: z.boolean(),
  /** add_videos: the operations were planned (one `sync_video_operations` row per video). */
  planned: z.boolean(),
  /** Targets (`category:{id}`, `snapshot:{id}`) whose playlist could not be created: their videos fail with them. */
  failed_targets: z.array(z.string()),
  /** Playlists whose items the backup could not read: never deleted. */
  unreadable: z.array(z.string()).default([]),
});
export type SyncState = z.infer<typeof syncStateSchema>;

export const MAX_ERRORS = 50;

const emptyTally = (): StageTally => ({ succeeded: 0, failed: 0, skipped: 0 });

export function initialSyncState(): SyncState {
  return {
    v: 1,
    stage: 'backup',
    progress: { done: 0, total: 0 },
    stage_results: { backup: emptyTally(), create_playlists: emptyTally(), add_videos: emptyTally(), delete_playlists: emptyTally() },
    quota_used: 0,
    errors: [],
    error_count: 0,
    failures_since_resume: 0,
    pause: null,
    inflight: null,
    listed: false,
    planned: false,
    failed_targets: [],
    unreadable: [],
  };
}

/**
 * The stored state, or a fresh one when there is none. A checkpoint this version cannot read is
 * a PermanentError, never a fresh start: starting over would forget a write sent whose answer was
 * lost (and create a playlist twice) and plan operations that exist already.
 */
export function readSyncState(checkpoint: unknown): SyncState {
  if (checkpoint === null || checkpoint === undefined) return initialSyncState();
  const parsed = syncStateSchema.safeParse(checkpoint);
  if (!parsed.success) throw new PermanentError(`the playlist sync's checkpoint is not one this version reads (${parsed.error.issues[0]?.message ?? 'invalid'}): it cannot resume safely`);
  return parsed.data;
}

/** Moves to `stage` with `total` items to do. */
export function enterStage(state: SyncState, stage: SyncStage, total = 0): SyncState {
  return { ...state, stage, progress: { done: 0, total }, inflight: null };
}

/** One item of the current stage ended as `outcome`. */
export function countItem(state: SyncState, outcome: keyof StageTally, count = 1): SyncState {
  if (state.stage === 'completed') return state;
  const tally = state.stage_results[state.stage];
  return {
    ...state,
    progress: { ...state.progress, done: state.progress.done + count },
    stage_results: { ...state.stage_results, [state.stage]: { ...tally, [outcome]: tally[outcome] + count } },
  };
}

export function spendUnits(state: SyncState, units: number): SyncState {
  return { ...state, quota_used: state.quota_used + units };
}

/** Records a refused write; `countsAsFailure` adds it to the failures that pause the job. */
export function recordError(state: SyncState, error: Omit<SyncError, 'at' | 'stage'>, now: Date, countsAsFailure = true): SyncState {
  const entry: SyncError = { at: now.toISOString(), stage: state.stage, ...error };
  return {
    ...state,
    errors: [...state.errors, entry].slice(-MAX_ERRORS),
    error_count: state.error_count + 1,
    failures_since_resume: state.failures_since_resume + (countsAsFailure ? 1 : 0),
  };
}

export function paused(state: SyncState, reason: 'quota_exhausted' | 'errors_collected', now: Date, resumesAt: Date | null): SyncState {
  return { ...state, pause: { reason, at: now.toISOString(), resumes_at: resumesAt?.toISOString() ?? null } };
}

/** A run after a pause: the failures that paused it are behind it. */
export function resumed(state: SyncState): SyncState {
  return { ...state, pause: null, failures_since_resume: 0 };
}

/** What the job status shows of a playlist sync (seed 003's fields, snake_case). */
export interface PlaylistSyncView {
  stage: SyncStage;
  current_stage_progress: number;
  current_stage_total: number;
  stage_results: SyncState['stage_results'];
  quota_used_this_sync: number;
  pause_reason: SyncPauseReason | null;
  /** When a quota pause ends (the next midnight Pacific); null otherwise. */
  resumes_at: string | null;
  last_resumed_at: string | null;
  sync_errors: SyncError[];
  sync_error_count: number;
}

/** How the task stands in the queue, for the pause reason. */
export interface SyncTaskFacts {
  status: 'queued' | 'running' | 'paused' | 'succeeded' | 'dead' | 'cancelled';
  /** Set while it waits for a person (`job`) or an event. */
  pauseReason: string | null;
  runAfter: Date | null;
}

/**
 * Pure: the status fields of a playlist-sync job from its task's state and queue facts. A task a
 * person paused (`job`) is `user_paused` unless the task paused itself for its errors; a task
 * waiting for the quota's reset (its state says so and its run is still ahead, or the budget
 * holds it) is `quota_exhausted`.
 */
export function playlistSyncView(
  state: SyncState,
  task: SyncTaskFacts,
  facts: { lastResumedAt: Date | null; quotaWaitUntil: Date | null },
  now: Date,
): PlaylistSyncView {
  const base = {
    stage: state.stage,
    current_stage_progress: state.progress.done,
    current_stage_total: state.progress.total,
    stage_results: state.stage_results,
    quota_used_this_sync: state.quota_used,
    last_resumed_at: facts.lastResumedAt?.toISOString() ?? null,
    sync_errors: state.errors,
    sync_error_count: state.error_count,
  };
  const waiting = task.status === 'queued' || task.status === 'paused';
  // A quota only a person can raise (a limit below a write's 50 units): a quota pause with no end.
  if (task.status === 'paused' && task.pauseReason === 'budget') return { ...base, pause_reason: 'quota_exhausted', resumes_at: null };
  if (task.status === 'paused' && task.pauseReason === 'job') {
    return { ...base, pause_reason: state.pause?.reason === 'errors_collected' ? 'errors_collected' : 'user_paused', resumes_at: null };
  }
  const stateQuota = state.pause?.reason === 'quota_exhausted' && task.runAfter !== null && task.runAfter > now ? task.runAfter : null;
  const quotaUntil = waiting ? (stateQuota ?? facts.quotaWaitUntil) : null;
  if (quotaUntil) return { ...base, pause_reason: 'quota_exhausted', resumes_at: quotaUntil.toISOString() };
  return { ...base, pause_reason: null, resumes_at: null };
}

/** Pure: a human line for the job, e.g. `Adding videos… 45/120` or `Paused (quota exhausted) at adding videos 45/120`. */
export function playlistSyncMessage(view: PlaylistSyncView): string {
  const count = new Intl.NumberFormat('en-US');
  const at = `${count.format(view.current_stage_progress)}/${count.format(view.current_stage_total)}`;
  if (view.stage === 'completed') {
    const r = view.stage_results;
    const failed = r.create_playlists.failed + r.add_videos.failed + r.delete_playlists.failed;
    return (
      `Completed: ${count.format(r.create_playlists.succeeded)} playlists created, ${count.format(r.add_videos.succeeded)} videos added, ` +
      `${count.format(r.delete_playlists.succeeded)} playlists deleted${failed > 0 ? `, ${count.format(failed)} failed` : ''}`
    );
  }
  const label = STAGE_LABELS[view.stage];
  if (view.pause_reason) return `Paused (${view.pause_reason.replace('_', ' ')}) at ${label.toLowerCase()} ${at}${view.resumes_at ? `; resumes at ${view.resumes_at}` : ''}`;
  return `${label}… ${at}`;
}

export const STAGE_LABELS: Record<SyncStage, string> = {
  backup: 'Backing up playlists',
  create_playlists: 'Creating playlists',
  add_videos: 'Adding videos',
  delete_playlists: 'Deleting old playlists',
  completed: 'Sync complete',
};
