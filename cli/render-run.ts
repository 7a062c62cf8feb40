import { formatKeyValues, formatTable, formatCount, truncate } from './format-table.js';
import { formatDuration, formatTimestamp } from './format-time.js';
import { formatProgress, percentOf } from './job-scopes.js';
import { formatBar } from './watch-rows.js';
import type { Run } from './pipeline-schemas.js';

/** Sample rows `pipeline create` prints (the API sends a few). */
const SAMPLE_SHOWN = 5;

/** `pipeline create`: the dry run — rows, batches, estimated time, a sample — and what to do next. */
export function renderDryRun(run: Run): string {
  const plan = run.plan;
  const sample = (plan?.sample ?? []).slice(0, SAMPLE_SHOWN);
  return [
    formatKeyValues([
      ['Run', `${run.id} (${run.name})`],
      ['Rows', plan ? formatCount(plan.rows) : undefined],
      ['Batches', plan ? formatCount(plan.batches) : undefined],
      ['Estimated', plan ? formatDuration(plan.estimated_seconds) : undefined],
      ['Status', statusLine(run)],
    ]),
    ...(sample.length > 0 ? [['Sample:', ...sample.map((row) => `  ${truncate(JSON.stringify(row), 160)}`)].join('\n')] : []),
    `Nothing has changed yet. Approve the apply: npx sluice pipeline approve ${run.id} --phase apply --note "…"`,
  ].join('\n\n');
}

/** `pipeline status`: where the run stands, each phase's results, its approvals. */
export function renderRun(run: Run, now: Date): string {
  const sections = [
    formatKeyValues([
      ['Run', `${run.id} (${run.name})`],
      ['Status', statusLine(run)],
      ['Phase', run.phase],
      ['Next phase', run.next_phase ?? '—'],
      ['Message', run.message ?? undefined],
      ['Planned', run.plan ? `${formatCount(run.plan.rows)} rows in ${formatCount(run.plan.batches)} batches, about ${formatDuration(run.plan.estimated_seconds)}` : undefined],
      ['Apply', run.apply ? `[${formatBar(percentOf({ done: run.apply.batches_done, total: run.apply.batches_total }), 20)}] ${formatProgress({ done: run.apply.batches_done, total: run.apply.batches_total })} batches, ${formatCount(run.apply.rows_changed)} rows changed, ${formatCount(run.apply.rows_skipped ?? 0)} skipped` : undefined],
      ['Soak', run.soak ? `${run.soak.passed ? 'passed' : run.status === 'running' && run.phase === 'soak' ? 'running' : 'FAILED'}, ${formatCount(run.soak.samples)} samples` : undefined],
      ['Health', run.health ? `${formatCount(run.health.rows_remaining)} still need it in ${run.health.database ?? 'the health database'}` : undefined],
      ['Recommended', run.health?.recommendation],
      ['Rollback', run.rollback ? `${formatCount(run.rollback.rows_restored)} restored, ${formatCount(run.rollback.rows_unchanged ?? 0)} unchanged, ${formatCount(run.rollback.conflicts.length)} conflicts` : undefined],
      ['Failure', run.failure ? `${run.failure.phase}: ${run.failure.message}` : undefined],
      ['Updated', run.updated_at ? formatTimestamp(run.updated_at, now) : undefined],
    ]),
  ];
  if (run.soak && run.soak.checks.length > 0) {
    sections.push(formatTable(['CHECK', 'VALUE', 'THRESHOLD', 'SAMPLES', 'RESULT'], run.soak.checks.map((c) => [c.name, c.value === null ? '—' : String(c.value), `${c.op} ${c.threshold}`, `${c.samples ?? 0} (${c.failed_samples ?? 0} failed)`, c.passed ? 'pass' : 'FAIL'])));
  }
  if (run.rollback && run.rollback.conflicts.length > 0) {
    sections.push(['Conflicts (changed since the apply, left as they are):', ...run.rollback.conflicts.slice(0, 20).map((c) => `  ${JSON.stringify(c.key)}`)].join('\n'));
  }
  sections.push(
    run.approvals.length === 0
      ? 'Approvals: none'
      : formatTable(['APPROVED', 'BY', 'AT', 'NOTE'], run.approvals.map((a) => [a.phase, a.by, formatTimestamp(a.at, now), truncate(`${a.note}${a.override_reason ? ` (override: ${a.override_reason})` : ''}`, 80)])),
  );
  const next = nextStep(run);
  if (next) sections.push(next);
  return sections.join('\n\n');
}

/** `pipeline list` */
export function renderRunList(runs: readonly Run[]): string {
  if (runs.length === 0) return 'No data-backfill runs.';
  return formatTable(['RUN', 'NAME', 'STATUS', 'PHASE', 'NEXT', 'MESSAGE'], runs.map((run) => [String(run.id), run.name, run.status, run.phase, run.next_phase ?? '—', truncate(run.message ?? '', 80)]));
}

/** One line after an action or a watch: `Run 3 (stamp) awaiting_approval of soak — Apply done…`. */
export function renderRunSummary(run: Run): string {
  return `Run ${run.id} (${run.name}) ${statusLine(run)}${run.message ? ` — ${run.message}` : ''}`;
}

function statusLine(run: Run): string {
  return run.status === 'awaiting_approval' ? `awaiting approval of ${run.next_phase}` : run.status;
}

function nextStep(run: Run): string | undefined {
  if (run.status === 'running' || run.next_phase === null) return undefined;
  const override = run.status === 'failed' ? ' --override "why it may go on anyway"' : '';
  return run.next_phase === 'health'
    ? `Next: npx sluice pipeline health ${run.id} --database URL${override}`
    : `Next: npx sluice pipeline approve ${run.id} --phase ${run.next_phase} --note "…"${override}`;
}
