import type { JobDetailReader } from '../../connector.js';
import { DATA_API_BUDGET } from '../budget-keys.js';
import { PLAYLIST_SYNC_KIND } from '../task-keys.js';
import { playlistSyncMessage, playlistSyncView, readSyncState } from './playlist-sync-state.js';

/**
 * A playlist-sync job's status fields (seed 003: `stage`, `current_stage_progress`,
 * `current_stage_total`, `stage_results`, `quota_used_this_sync`, `pause_reason`,
 * `last_resumed_at`), read from its task's state, with its refused writes among the job's errors.
 */
export const playlistSyncDetails: JobDetailReader = async ({ job, tasks, budgetWaitUntil }, now) => {
  const task = tasks.find((t) => t.kind === PLAYLIST_SYNC_KIND);
  if (!task) return { fields: {} };
  let state;
  try {
    state = readSyncState(task.checkpoint);
  } catch {
    return { fields: {}, budget: DATA_API_BUDGET }; // an unreadable state: the task fails on it, with why
  }
  const view = playlistSyncView(state, task, { lastResumedAt: job.lastResumedAt, quotaWaitUntil: budgetWaitUntil }, now);
  const { sync_errors, sync_error_count, ...fields } = view;
  const failedOutright = task.status === 'dead' || task.status === 'cancelled';
  return {
    fields: { ...fields, error_count: sync_error_count },
    ...(failedOutright ? {} : { message: playlistSyncMessage(view) }),
    errors: sync_errors.map((e) => ({ ...e, message: `${e.entity_type} ${e.entity_id}: ${e.message}` })),
    budget: DATA_API_BUDGET,
  };
};
