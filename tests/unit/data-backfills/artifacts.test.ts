import { describe, expect, it } from '@jest/globals';
import { renderArtifacts, type ArtifactSources } from '../../../lib/data-backfills/artifacts.js';
import type { RunView } from '../../../lib/data-backfills/run-view.js';
import { planSchema } from '../../../lib/data-backfills/plan.schema.js';

const plan = {
  name: 'stamp',
  operation: { kind: 'sql-update' as const, table: 'orders', key: ['id'], where: "status = 'legacy'", set: { status: "'stamped'" }, batch_size: 2 },
  throttle: { per_minute: 6 },
  soak: { duration_s: 60, interval_s: 30, checks: [{ name: 'legacy_left', sql: "SELECT COUNT(*) AS value FROM orders WHERE status = 'legacy'", op: '==' as const, threshold: 0 }] },
};

function run(overrides: Partial<RunView> = {}): RunView {
  return {
    id: 3, name: 'stamp', status: 'awaiting_approval', phase: 'plan', next_phase: 'apply', job_id: 9,
    plan: { rows: 3, sample: [], batches: 2, estimated_seconds: 10 },
    apply: null, soak: null, health: null, rollback: null, failure: null, approvals: [],
    definition: plan, message: 'Planned', created_at: '2026-11-29T10:00:00.000Z', updated_at: '2026-11-29T10:00:00.000Z',
    ...overrides,
  };
}

const t = (s: string) => new Date(`2026-11-29T${s}Z`);
const batch = (batchNo: number, start: string) => ({ action: 'apply' as const, batchNo, firstKey: [batchNo], lastKey: [batchNo], rowsSelected: 2, rowsChanged: 2, conflicts: 0, outcome: 'applied', startedAt: t(start), finishedAt: t(start), durationMs: 12 });
const row = (id: number, batchNo: number) => ({ id, batchNo, key: [id], before: { status: 'legacy' }, after: { status: 'stamped' }, rollback: null });

const applied: ArtifactSources = {
  run: run({ status: 'awaiting_approval', phase: 'apply', next_phase: 'soak', apply: { batches_done: 2, batches_total: 2, rows_changed: 3, rows_skipped: 0, started_at: '2026-11-29T10:01:00.000Z' } }),
  flavor: 'sqlite',
  batches: [batch(1, '10:01:00'), batch(2, '10:01:10')],
  rows: [row(1, 1), row(2, 1), row(3, 2)],
  samples: [],
};

describe('renderArtifacts', () => {
  it('renders nothing before the apply ran', () => {
    expect(renderArtifacts({ ...applied, run: run(), batches: [], rows: [] })).toEqual({});
  });

  it("after the apply: the summary, the results, one log per batch with its rows' before and after, the dated rollback", () => {
    const files = renderArtifacts(applied);
    expect(Object.keys(files).sort()).toEqual(['backfill_logs/batch_001.json', 'backfill_logs/batch_002.json', 'backfill_logs/execution_results.json', 'backfill_logs/rollback_2026-11-29.sql', 'backfill_summary.md']);
    expect(JSON.parse(files['backfill_logs/batch_001.json']!)).toMatchObject({ batch_no: 1, keys: [[1], [2]], rows: [{ key: [1], before: { status: 'legacy' }, after: { status: 'stamped' } }, { key: [2] }], duration_ms: 12, outcome: 'applied' });
    expect(JSON.parse(files['backfill_logs/batch_002.json']!).keys).toEqual([[3]]);
    expect(JSON.parse(files['backfill_logs/execution_results.json']!)).toMatchObject({ run_id: 3, apply: { rows_changed: 3 }, batches: [{ batch_no: 1 }, { batch_no: 2 }] });
    expect(files['backfill_logs/rollback_2026-11-29.sql']!.match(/^UPDATE /gm)).toHaveLength(3);
    expect(files['backfill_summary.md']).toContain('- Applied: 2/2 batches, 3 rows changed, 0 skipped');
    expect(files['backfill_summary.md']).toContain('approve soak (npx sluice pipeline approve 3 --phase soak');
  });

  it('after a failed soak: each check with its readings, pass and FAIL', () => {
    const soak = { checks: [{ name: 'legacy_left', value: 1, op: '==', threshold: 0, passed: false, samples: 2, failed_samples: 1 }], passed: false, samples: 2, started_at: '2026-11-29T11:00:00.000Z', finished_at: '2026-11-29T11:01:00.000Z' };
    const files = renderArtifacts({
      ...applied,
      run: { ...applied.run, status: 'failed', phase: 'soak', next_phase: 'health', soak },
      samples: [
        { at: t('11:00:00'), check: 'legacy_left', value: 0, passed: true, error: null },
        { at: t('11:00:30'), check: 'legacy_left', value: 1, passed: false, error: null },
      ],
    });
    const report = files['staging_observability.md']!;
    expect(report).toContain('- Result: FAIL');
    expect(report).toContain('| legacy_left | 1 | == 0 | 2 | 1 | FAIL |');
    expect(report).toContain('| 2026-11-29T11:00:00.000Z | 0 | pass |');
    expect(report).toContain('| 2026-11-29T11:00:30.000Z | 1 | FAIL |');
    expect(files['prod_health_check.md']).toBeUndefined();
  });

  it('after the health check: the report, and the mini plan only when something is left', () => {
    const miniPlan = { ...plan, name: 'stamp-mini', description: 'Mini backfill: what stamp left in the health database (2 rows when checked).' };
    const health = { rows_remaining: 2, sample: [[7], [8]], mini_plan: miniPlan, recommendation: 'Run it.', database: 'sqlite:prod.db', finished_at: '2026-11-29T12:00:00.000Z' };
    const files = renderArtifacts({ ...applied, run: { ...applied.run, status: 'completed', phase: 'health', next_phase: null, health } });
    expect(files['prod_health_check.md']).toContain('- Still needing the backfill: 2');
    expect(files['prod_health_check.md']).toContain('- [7]');
    // A plan file `pipeline create` takes as it is.
    const written = JSON.parse(files['prod_mini_backfill_plan.json']!);
    expect(planSchema.safeParse(written).error?.issues ?? []).toEqual([]);
    expect(written).toEqual(miniPlan);
    const none = renderArtifacts({ ...applied, run: { ...applied.run, health: { ...health, rows_remaining: 0, sample: [], mini_plan: null } } });
    expect(none['prod_mini_backfill_plan.json']).toBeUndefined();
    expect(none['prod_health_check.md']).toContain('No mini plan');
  });
});
