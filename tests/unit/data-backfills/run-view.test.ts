import { describe, expect, it } from '@jest/globals';
import { runMessage, toRunView } from '../../../lib/data-backfills/run-view.js';
import type { Run } from '../../../lib/data-backfills/runs.repository.js';

const run = (change: Partial<Run>): Run => ({
  id: 7, jobId: 3, name: 'stamp', plan: { name: 'stamp' }, status: 'awaiting_approval', phase: 'plan', nextPhase: 'apply', results: {},
  createdAt: new Date('2026-11-01T00:00:00Z'), updatedAt: new Date('2026-11-01T00:05:00Z'), ...change,
});

describe('runMessage', () => {
  it.each<[Partial<Run>, string]>([
    [{ results: { plan: { rows: 10_000, batches: 20, sample: [], estimated_seconds: 190 } } }, 'Planned: 10,000 rows in 20 batches; awaiting approval of apply'],
    [{ status: 'running', phase: 'apply', nextPhase: null, results: { apply: { batches_done: 3, batches_total: 20, rows_changed: 1_500, rows_skipped: 0 } } }, 'Applying… 3/20 batches, 1,500 rows changed'],
    [{ status: 'awaiting_approval', phase: 'apply', nextPhase: 'soak' }, 'Apply done; awaiting approval of soak'],
    [{ status: 'running', phase: 'soak', nextPhase: null, results: { soak: { checks: [], passed: true, samples: 4 } } }, 'Soaking… 4 samples'],
    [{ status: 'running', phase: 'health', nextPhase: null }, 'Running health…'],
    [{ status: 'running', phase: 'rollback', nextPhase: null }, 'Rolling back…'],
    [{ status: 'failed', phase: 'soak', nextPhase: 'health', results: { failure: { phase: 'soak', message: 'soak check failed: share (0.5 >= 0.85 did not hold)' } } }, 'Soak failed: soak check failed: share (0.5 >= 0.85 did not hold); approving health needs an override_reason'],
    [{ status: 'completed', phase: 'health', nextPhase: null, results: { health: { rows_remaining: 1_234, sample: [], mini_plan: null, recommendation: '', database: 'x' } } }, 'Completed: 1,234 rows still need the backfill in the health database'],
    [{ status: 'completed', phase: 'rollback', nextPhase: null, results: { rollback: { rows_restored: 9_999, rows_unchanged: 0, conflicts: [{ key: [5] }] } } }, 'Rolled back: 9,999 rows restored, 1 conflict'],
    [{ status: 'completed', phase: 'rollback', nextPhase: null, results: { rollback: { rows_restored: 200, rows_unchanged: 0, conflicts: [] } } }, 'Rolled back: 200 rows restored, 0 conflicts'],
  ])('%j → %s', (change, message) => {
    expect(runMessage(run(change))).toBe(message);
  });
});

describe('toRunView', () => {
  it('answers every phase (null when it has not run), the plan as sent and the times', () => {
    const view = toRunView(run({}), [{ phase: 'apply', by: 'ops', at: '2026-11-01T00:01:00.000Z', note: 'go', override_reason: null }]);
    expect(view).toMatchObject({ id: 7, job_id: 3, status: 'awaiting_approval', phase: 'plan', next_phase: 'apply', plan: null, apply: null, soak: null, health: null, rollback: null, failure: null, definition: { name: 'stamp' }, created_at: '2026-11-01T00:00:00.000Z', updated_at: '2026-11-01T00:05:00.000Z' });
    expect(view.approvals).toHaveLength(1);
  });
});
