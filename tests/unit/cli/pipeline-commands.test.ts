import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../../../cli/cli-errors.js';
import { parseArguments } from '../../../cli/parse-arguments.js';
import { RunSchema, type Run } from '../../../cli/pipeline-schemas.js';
import { renderDryRun, renderRun, renderRunList } from '../../../cli/render-run.js';
import { runWatchRows } from '../../../cli/watch-run.js';
import { progressBarsDisplay } from '../../../cli/watch-displays.js';
import { NOW } from './fixtures.js';

const command = (...argv: string[]) => parseArguments(argv).command;
const usage = (...argv: string[]): string => {
  try {
    parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) return `${error.command}: ${error.message}`;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('parseArguments: pipeline commands', () => {
  it('maps each command to what it asks the API', () => {
    expect(command('pipeline', 'create', '--plan', 'plans/stamp.json')).toEqual({ name: 'pipeline create', planFile: 'plans/stamp.json' });
    expect(command('pipeline', 'list')).toEqual({ name: 'pipeline list' });
    expect(command('pipeline', 'status', '3', '--watch', '--interval', '250')).toEqual({ name: 'pipeline status', id: '3', watch: true, intervalMs: 250 });
    expect(command('pipeline', 'rollback', '3')).toEqual({ name: 'pipeline rollback', id: '3', watch: false, intervalMs: 1000 });
    expect(command('pipeline', 'report', '3', '--out', 'out')).toEqual({ name: 'pipeline report', id: '3', outDir: 'out' });
    expect(command('pipeline', 'approve', '3', '--phase', 'soak', '--note', 'looks right', '--by', 'bob', '--override', 'known flake')).toEqual({
      name: 'pipeline approve',
      id: '3',
      approval: { phase: 'soak', note: 'looks right', by: 'bob', overrideReason: 'known flake', databaseUrl: undefined },
    });
    expect(command('pipeline', 'health', '3', '--database', 'mysql://ro@prod/sluice')).toEqual({
      name: 'pipeline health',
      id: '3',
      approval: { phase: 'health', note: undefined, by: undefined, overrideReason: undefined, databaseUrl: 'mysql://ro@prod/sluice' },
    });
  });

  it('refuses what a person mistypes, naming the command whose help explains it', () => {
    expect(usage('pipeline', 'create')).toBe('pipeline create: --plan is required');
    expect(usage('pipeline', 'status')).toBe('pipeline status: missing RUN (the run id, e.g. 3)');
    expect(usage('pipeline', 'status', 'three')).toBe("pipeline status: 'three' is not a run id");
    expect(usage('pipeline', 'approve', '3', '--phase', 'plan', '--note', 'x')).toBe("pipeline approve: --phase: 'plan' is not one of apply, soak, health");
    expect(usage('pipeline', 'approve', '3', '--phase', 'apply')).toBe('pipeline approve: --note is required: say why it may go on');
    expect(usage('pipeline', 'approve', '3', '--phase', 'apply', '--note', 'x', '--database', 'file:x.db')).toBe('pipeline approve: --database goes with --phase health only');
    expect(usage('pipeline', 'health', '3')).toBe('pipeline health: --database is required');
    expect(usage('pipeline', 'report', '3')).toBe('pipeline report: --out is required');
    expect(usage('pipeline', 'list', '--plan', 'x')).toBe("pipeline list: 'pipeline list' does not take --plan");
  });
});

const run = (overrides: Record<string, unknown> = {}): Run =>
  RunSchema.parse({
    id: 3, name: 'stamp', status: 'awaiting_approval', phase: 'apply', next_phase: 'soak', job_id: 9, message: 'Apply done; awaiting approval of soak',
    plan: { rows: 1200, batches: 2, estimated_seconds: 10, sample: [{ key: [1], before: { status: 'legacy' }, after: { status: 'stamped' } }] },
    apply: { batches_done: 1, batches_total: 2, rows_changed: 1000, rows_skipped: 0 },
    soak: null, health: null, rollback: null, failure: null,
    approvals: [{ phase: 'apply', by: 'alice', at: '2026-05-01T10:00:00.000Z', note: 'reviewed', override_reason: null }],
    definition: { soak: { duration_s: 60, interval_s: 30 } },
    created_at: '2026-05-01T09:00:00.000Z', updated_at: '2026-05-01T10:02:00.000Z',
    ...overrides,
  });

describe('rendering runs', () => {
  it('prints the dry run: rows, batches, estimate, a sample and the approve command', () => {
    const text = renderDryRun(run({ phase: 'plan', next_phase: 'apply', apply: null, approvals: [] }));
    expect(text).toMatch(/^Rows: +1,200$/m);
    expect(text).toMatch(/^Batches: +2$/m);
    expect(text).toMatch(/^Estimated: +10s$/m);
    expect(text).toContain('  {"key":[1],"before":{"status":"legacy"},"after":{"status":"stamped"}}');
    expect(text).toContain('npx sluice pipeline approve 3 --phase apply --note "…"');
  });

  it('prints the status: phase, batch progress, soak checks, approvals and the next step (with --override after a failure)', () => {
    const text = renderRun(run(), NOW);
    expect(text).toMatch(/^Next phase: +soak$/m);
    expect(text).toMatch(/^Apply: +\[█{10}░{10}\] 1\/2 \(50%\) batches, 1,000 rows changed, 0 skipped$/m);
    expect(text).toMatch(/^apply +alice +.+ +reviewed$/m);
    const failed = renderRun(
      run({ status: 'failed', phase: 'soak', next_phase: 'health', failure: { phase: 'soak', message: 'soak check failed: legacy_left' }, soak: { checks: [{ name: 'legacy_left', value: 3, op: '==', threshold: 0, passed: false, samples: 2, failed_samples: 1 }], passed: false, samples: 2 } }),
      NOW,
    );
    expect(failed).toMatch(/^legacy_left +3 +== 0 +2 \(1 failed\) +FAIL$/m);
    expect(failed).toContain('Next: npx sluice pipeline health 3 --database URL --override "why it may go on anyway"');
    expect(renderRunList([run()])).toMatch(/^3 +stamp +awaiting_approval +apply +soak +Apply done/m);
  });

  it("draws a run's bars through the jobs' progress display", () => {
    const chunks: string[] = [];
    const display = progressBarsDisplay({ stream: { write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WritableStream, intervalMs: 60_000, rows: runWatchRows, now: () => NOW });
    display.update([], [run({ status: 'running', soak: { checks: [{ name: 'legacy_left', value: 0, op: '==', threshold: 0, passed: true }], passed: true, samples: 1 } })]);
    display.stop();
    const lines = chunks.join('').trimEnd().split('\n').slice(-3);
    expect(lines[0]).toMatch(/^Run 3 stamp +\|█+░+\| +25% 1\/4 running · Apply done/);
    expect(lines[1]).toMatch(/^ +apply batches +\|█{12}░{12}\| +50% 1\/2 1000 rows changed$/);
    expect(runWatchRows([run({ status: 'running', phase: 'rollback', next_phase: null })], NOW)[0]).toMatchObject({ value: 0, total: 1, status: 'running' });
    expect(runWatchRows([run({ status: 'completed', phase: 'rollback', next_phase: null })], NOW)[0]).toMatchObject({ value: 1, total: 1, percent: 100 });
    expect(lines[2]).toMatch(/^ +soak samples +\|.+\| +50% 1\/2 legacy_left pass$/);
  });
});
