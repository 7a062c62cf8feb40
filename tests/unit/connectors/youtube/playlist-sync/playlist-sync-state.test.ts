import { describe, expect, it } from '@jest/globals';
import { PermanentError } from '../../../../../lib/errors.js';
import {
  countItem,
  enterStage,
  initialSyncState,
  MAX_ERRORS,
  paused,
  playlistSyncMessage,
  playlistSyncView,
  readSyncState,
  recordError,
  resumed,
  type SyncTaskFacts,
} from '../../../../../lib/connectors/youtube/playlist-sync/playlist-sync-state.js';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const later = new Date('2026-11-30T08:00:00.000Z');
const facts = { lastResumedAt: null, quotaWaitUntil: null };
const task = (overrides: Partial<SyncTaskFacts> = {}): SyncTaskFacts => ({ status: 'running', pauseReason: null, runAfter: NOW, ...overrides });

describe('playlist-sync state', () => {
  it('counts items of the current stage into its results and progress', () => {
    let state = enterStage(initialSyncState(), 'add_videos', 5);
    state = countItem(countItem(state, 'succeeded', 2), 'failed');
    expect(state.progress).toEqual({ done: 3, total: 5 });
    expect(state.stage_results.add_videos).toEqual({ succeeded: 2, failed: 1, skipped: 0 });
    expect(state.stage_results.backup).toEqual({ succeeded: 0, failed: 0, skipped: 0 });
  });

  it('keeps the newest errors and counts them all; a resume forgets the failures that paused it', () => {
    let state = initialSyncState();
    for (let i = 0; i < MAX_ERRORS + 5; i++) state = recordError(state, { entity_type: 'video', entity_id: `v${i}`, message: 'videoNotFound' }, NOW);
    expect(state.errors).toHaveLength(MAX_ERRORS);
    expect(state.errors.at(-1)!.entity_id).toBe(`v${MAX_ERRORS + 4}`);
    expect(state.error_count).toBe(MAX_ERRORS + 5);
    const back = resumed(paused(state, 'errors_collected', NOW, null));
    expect(back).toMatchObject({ pause: null, failures_since_resume: 0, error_count: MAX_ERRORS + 5 });
    // A notice that is not a refused write does not count toward the pause.
    expect(recordError(initialSyncState(), { entity_type: 'playlist', entity_id: 'PL1', message: 'kept' }, NOW, false).failures_since_resume).toBe(0);
  });

  it('starts afresh only without a checkpoint: one it cannot read is a permanent failure, never a fresh start', () => {
    expect(readSyncState(null)).toEqual(initialSyncState());
    expect(() => readSyncState({ v: 2, stage: 'add_videos' })).toThrow(PermanentError);
  });
});

describe('playlistSyncView', () => {
  const state = enterStage(initialSyncState(), 'add_videos', 10);
  it.each([
    ['a running task', task(), facts, null],
    ['a task a person paused', task({ status: 'paused', pauseReason: 'job' }), facts, 'user_paused'],
    ['a task waiting for its reconnect', task({ status: 'paused', pauseReason: 'reauth' }), facts, null],
    ['a task the budget holds', task({ status: 'queued' }), { lastResumedAt: null, quotaWaitUntil: later }, 'quota_exhausted'],
    ['a task a budget only a person can raise parked', task({ status: 'paused', pauseReason: 'budget' }), facts, 'quota_exhausted'],
  ] as const)('%s', (_name, taskFacts, viewFacts, reason) => {
    expect(playlistSyncView(state, taskFacts, viewFacts, NOW).pause_reason).toBe(reason);
  });

  it('says errors_collected when the task paused itself for its refusals', () => {
    const view = playlistSyncView(paused(state, 'errors_collected', NOW, null), task({ status: 'paused', pauseReason: 'job' }), facts, NOW);
    expect(view.pause_reason).toBe('errors_collected');
  });

  it('says quota_exhausted with the reset while the task waits for it, and nothing once it is due', () => {
    const waiting = paused(state, 'quota_exhausted', NOW, later);
    expect(playlistSyncView(waiting, task({ status: 'queued', runAfter: later }), facts, NOW)).toMatchObject({ pause_reason: 'quota_exhausted', resumes_at: later.toISOString() });
    expect(playlistSyncView(waiting, task({ status: 'queued', runAfter: later }), facts, new Date(later.getTime() + 1))).toMatchObject({ pause_reason: null, resumes_at: null });
  });

  it('reads as a line: the stage at work, a pause, or how it ended', () => {
    const running = playlistSyncView(countItem(state, 'succeeded', 4), task(), facts, NOW);
    expect(playlistSyncMessage(running)).toBe('Adding videos… 4/10');
    const quota = playlistSyncView(paused(state, 'quota_exhausted', NOW, later), task({ status: 'queued', runAfter: later }), facts, NOW);
    expect(playlistSyncMessage(quota)).toBe(`Paused (quota exhausted) at adding videos 0/10; resumes at ${later.toISOString()}`);
    const done = enterStage(countItem(countItem(state, 'succeeded', 9), 'failed'), 'completed');
    expect(playlistSyncMessage(playlistSyncView(done, task({ status: 'succeeded' }), facts, NOW))).toBe('Completed: 0 playlists created, 9 videos added, 0 playlists deleted, 1 failed');
  });
});
