import type { SqlFlavor } from '../../db/sql-flavor.js';
import type { BatchLog, RowImage } from './batches.repository.js';
import { rollbackFileName, rollbackSql } from './rollback-sql.js';
import type { RunView } from './run-view.js';
import type { SoakSample } from './samples.repository.js';

/**
 * Pure: a run's artifacts with the seed's names (seed 004, DESIGN.md "Guarded data backfills"),
 * rendered from what the database holds: only the files of the phases that ran. Written into a
 * folder by `npx sluice pipeline report RUN --out DIR`.
 */

export interface ArtifactSources {
  run: RunView;
  flavor: SqlFlavor;
  /** The apply's batch logs, in order. */
  batches: readonly BatchLog[];
  /** The apply's changed rows (before- and after-images), in the order written. */
  rows: readonly RowImage[];
  samples: readonly SoakSample[];
}

/** File path (relative, `/`-separated) → its text. */
export type ArtifactFiles = Record<string, string>;

export function renderArtifacts(sources: ArtifactSources): ArtifactFiles {
  const { run } = sources;
  const files: ArtifactFiles = {};
  if (run.apply) {
    files['backfill_summary.md'] = backfillSummary(sources);
    files['backfill_logs/execution_results.json'] = json(executionResults(sources));
    const width = Math.max(3, String(sources.batches.length).length);
    for (const batch of sources.batches) files[`backfill_logs/batch_${String(batch.batchNo).padStart(width, '0')}.json`] = json(batchLog(run, batch, sources.rows));
    const op = run.definition.operation;
    const appliedAt = appliedAtOf(sources);
    if (op.kind === 'sql-update' && appliedAt) {
      files[`backfill_logs/${rollbackFileName(appliedAt)}`] = rollbackSql({ runId: run.id, name: run.name, table: op.table, key: op.key, where: op.where, flavor: sources.flavor, appliedAt, rows: sources.rows });
    }
  }
  if (run.soak) files['staging_observability.md'] = stagingObservability(sources);
  if (run.health) {
    files['prod_health_check.md'] = prodHealthCheck(run);
    if (run.health.mini_plan) files['prod_mini_backfill_plan.json'] = json(run.health.mini_plan);
  }
  return files;
}

function appliedAtOf(sources: ArtifactSources): Date | undefined {
  const started = sources.run.apply?.started_at ?? sources.batches[0]?.startedAt.toISOString();
  return started === undefined ? undefined : new Date(started);
}

function executionResults({ run, batches }: ArtifactSources) {
  return {
    run_id: run.id,
    name: run.name,
    status: run.status,
    operation: run.definition.operation,
    throttle: run.definition.throttle,
    plan: run.plan,
    apply: run.apply,
    rollback: run.rollback,
    failure: run.failure,
    approvals: run.approvals,
    batches: batches.map((batch) => batchFields(batch)),
  };
}

function batchFields(batch: BatchLog) {
  return {
    batch_no: batch.batchNo,
    first_key: batch.firstKey,
    last_key: batch.lastKey,
    rows_selected: batch.rowsSelected,
    rows_changed: batch.rowsChanged,
    outcome: batch.outcome,
    started_at: batch.startedAt.toISOString(),
    finished_at: batch.finishedAt.toISOString(),
    duration_ms: batch.durationMs,
  };
}

function batchLog(run: RunView, batch: BatchLog, rows: readonly RowImage[]) {
  const mine = rows.filter((row) => row.batchNo === batch.batchNo);
  return { run_id: run.id, ...batchFields(batch), keys: mine.map((row) => row.key), rows: mine.map((row) => ({ key: row.key, before: row.before, after: row.after })) };
}

function backfillSummary({ run, batches, rows }: ArtifactSources): string {
  const apply = run.apply!;
  const op = run.definition.operation;
  const durations = batches.map((batch) => batch.durationMs);
  const outcomes = countBy(batches.map((batch) => batch.outcome));
  return lines([
    `# Backfill summary: ${run.name} (run ${run.id})`,
    '',
    run.definition.description ?? '',
    '',
    `- Status: ${run.status} (${run.message})`,
    `- Operation: ${op.kind === 'sql-update' ? `UPDATE ${op.table} SET ${Object.entries(op.set).map(([c, v]) => `${c} = ${v}`).join(', ')} WHERE ${op.where}` : `${op.job.type} job per target`}`,
    `- Throttle: ${run.definition.throttle.per_minute} per minute`,
    `- Planned: ${run.plan?.rows ?? 0} rows in ${run.plan?.batches ?? 0} batches, estimated ${run.plan?.estimated_seconds ?? 0} s`,
    `- Applied: ${apply.batches_done}/${apply.batches_total} batches, ${apply.rows_changed} rows changed, ${apply.rows_skipped} skipped (no longer matching)`,
    `- Started: ${apply.started_at ?? '—'}; finished: ${apply.finished_at ?? '—'}`,
    `- Batch durations: ${durations.length ? `min ${Math.min(...durations)} ms, max ${Math.max(...durations)} ms, total ${durations.reduce((a, b) => a + b, 0)} ms` : '—'}`,
    `- Outcomes: ${Object.entries(outcomes).map(([outcome, n]) => `${outcome} ×${n}`).join(', ') || '—'}`,
    `- Row images kept for rollback: ${rows.length}`,
    ...(run.rollback ? [`- Rolled back: ${run.rollback.rows_restored} restored, ${run.rollback.rows_unchanged} unchanged, ${run.rollback.conflicts.length} conflicts`] : []),
    ...(run.failure ? [`- Failure (${run.failure.phase}): ${run.failure.message}`] : []),
    '',
    '## Approvals',
    '',
    ...approvalLines(run),
    '',
    '## Files',
    '',
    '- `backfill_logs/execution_results.json`: the whole run, every batch',
    '- `backfill_logs/batch_*.json`: per batch, its keys and each row before and after',
    '- `backfill_logs/rollback_YYYY-MM-DD.sql`: the apply undone, row by row, guarded against rows changed since',
    '',
    `Next: ${run.next_phase ? `approve ${run.next_phase} (npx sluice pipeline approve ${run.id} --phase ${run.next_phase} --note "…")` : 'nothing left to approve'}.`,
  ]);
}

function stagingObservability({ run, samples }: ArtifactSources): string {
  const soak = run.soak!;
  const plan = run.definition.soak;
  return lines([
    `# Staging observability: ${run.name} (run ${run.id})`,
    '',
    `- Result: ${soak.passed ? 'PASS' : 'FAIL'}`,
    `- Window: ${soak.started_at ?? '—'} → ${soak.finished_at ?? 'running'}${plan ? ` (duration ${plan.duration_s} s, every ${plan.interval_s} s)` : ''}`,
    `- Samples: ${soak.samples}`,
    '',
    '| Check | Last value | Threshold | Readings | Failed | Result |',
    '|---|---|---|---|---|---|',
    ...soak.checks.map((check) => `| ${check.name} | ${check.value ?? '—'} | ${check.op} ${check.threshold} | ${check.samples} | ${check.failed_samples} | ${check.passed ? 'PASS' : 'FAIL'} |`),
    ...soak.checks.flatMap((check) => {
      const readings = samples.filter((sample) => sample.check === check.name);
      return [
        '',
        `## ${check.name}`,
        '',
        ...(plan?.checks.find((c) => c.name === check.name) ? ['```sql', plan.checks.find((c) => c.name === check.name)!.sql, '```', ''] : []),
        '| At | Value | Result |',
        '|---|---|---|',
        ...readings.map((r) => `| ${r.at.toISOString()} | ${r.value ?? '—'} | ${r.passed ? 'pass' : `FAIL${r.error ? `: ${r.error.replaceAll('|', '\\|')}` : ''}`} |`),
      ];
    }),
  ]);
}

function prodHealthCheck(run: RunView): string {
  const health = run.health!;
  return lines([
    `# Prod health check: ${run.name} (run ${run.id})`,
    '',
    `- Database: ${health.database}`,
    `- Checked: ${health.finished_at ?? '—'}`,
    `- Still needing the backfill: ${health.rows_remaining}`,
    `- Recommendation: ${health.recommendation}`,
    ...(health.sample.length ? ['', '## Sample', '', ...health.sample.map((key) => `- ${JSON.stringify(key)}`)] : []),
    '',
    health.mini_plan ? 'The mini plan is in `prod_mini_backfill_plan.json`; it changes only what still needs it, so a second run changes nothing.' : 'No mini plan: nothing is left to backfill.',
  ]);
}

function approvalLines(run: RunView): string[] {
  if (run.approvals.length === 0) return ['None yet.'];
  return run.approvals.map((a) => `- ${a.phase}: ${a.by} at ${a.at}: ${a.note}${a.override_reason ? ` (override: ${a.override_reason})` : ''}`);
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function lines(parts: readonly string[]): string {
  return `${parts.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
