/**
 * What a chaos run measured, and the checks on it: pure functions over the facts the run
 * collected (tasks, the simulator's counters, stored rows and the ground truth), so the bench and
 * the test judge the same numbers the same way.
 */
import type { EndpointStats } from '../simulators/youtube/index.js';

export const CALLS_PER_CHUNK = 7;
/** The issue's target: successful Analytics calls at most this many times the minimum. */
export const SUCCESSFUL_CALLS_TARGET = 1.1;

export interface ChaosTask {
  id: number;
  dedupeKey: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

/** One (channel, video, day) row: the metric values, compared as they are. */
export interface MetricRow {
  channelId: string;
  videoId: string;
  dt: string;
  values: readonly number[];
}

export interface DataComparison {
  /** Rows the ground truth has in the windows of every task. */
  expected: number;
  equal: number;
  /** In the truth, not stored (a chunk that never succeeded). */
  missing: number;
  /** Stored with values other than the truth's. */
  wrong: number;
  /** Stored, not in the truth at all. */
  extra: number;
}

export interface CallFigures {
  /** Every Analytics request, whatever its answer. */
  calls: number;
  /** 200 answers the client received. */
  succeeded: number;
  minimum: number;
  byStatus: Record<string, number>;
  /** The most requests, and the most 200s, for one channel-day. */
  mostCallsForOneChannelDay: number;
  mostSuccessesForOneChannelDay: number;
  /** Channel-days fetched successfully more than once. */
  refetchedChannelDays: number;
}

export interface ChaosReport {
  servers: number;
  channels: number;
  chunks: number;
  faultRates: Record<string, number>;
  seed: number;
  tasksByStatus: Record<string, number>;
  deadTasks: ChaosTask[];
  data: DataComparison;
  calls: CallFigures;
  killCycles: number;
  killCyclesPlanned: number;
  /** Tasks a killed server held whose lease the harness expired (see chaos-run.ts). */
  leasesAged: number;
  wallSeconds: number;
  /** The time bound ended the run with work left. */
  timedOut: boolean;
  logDir: string;
}

export function compareRows(stored: readonly MetricRow[], truth: readonly MetricRow[]): DataComparison {
  const key = (row: MetricRow) => `${row.channelId}/${row.videoId}/${row.dt}`;
  const expected = new Map(truth.map((row) => [key(row), row.values.join(',')]));
  const result: DataComparison = { expected: expected.size, equal: 0, missing: 0, wrong: 0, extra: 0 };
  const seen = new Set<string>();
  for (const row of stored) {
    const want = expected.get(key(row));
    seen.add(key(row));
    if (want === undefined) result.extra++;
    else if (want === row.values.join(',')) result.equal++;
    else result.wrong++;
  }
  result.missing = [...expected.keys()].filter((k) => !seen.has(k)).length;
  return result;
}

export function callFigures(analytics: EndpointStats, chunks: number): CallFigures {
  const perDay = Object.values(analytics.byKey);
  return {
    calls: analytics.total,
    succeeded: analytics.byStatus['200'] ?? 0,
    minimum: chunks * CALLS_PER_CHUNK,
    byStatus: analytics.byStatus,
    mostCallsForOneChannelDay: Math.max(0, ...perDay.map((stats) => stats.total)),
    mostSuccessesForOneChannelDay: Math.max(0, ...perDay.map((stats) => stats.byStatus['200'] ?? 0)),
    refetchedChannelDays: perDay.filter((stats) => (stats.byStatus['200'] ?? 0) > 1).length,
  };
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
export const callsRatio = (report: ChaosReport) => ratio(report.calls.calls, report.calls.minimum);
export const successfulCallsRatio = (report: ChaosReport) => ratio(report.calls.succeeded, report.calls.minimum);

/**
 * What holds on today's code and must keep holding: the run ended inside its bound, no task is
 * left queued or running, every dead task says why, and no stored row is wrong or unasked-for.
 * Each entry is a failed check, in words.
 */
export function invariantViolations(report: ChaosReport): string[] {
  const failures: string[] = [];
  const stuck = (report.tasksByStatus['queued'] ?? 0) + (report.tasksByStatus['running'] ?? 0) + (report.tasksByStatus['paused'] ?? 0);
  if (report.timedOut) failures.push('the run hit its time bound with work left');
  if (stuck > 0) failures.push(`${stuck} tasks stuck (queued, running or paused)`);
  if (report.deadTasks.some((task) => !task.lastError)) failures.push('a dead task has no last_error');
  if (report.data.wrong > 0 || report.data.extra > 0) failures.push(`data wrong: ${report.data.wrong} rows differ from the ground truth, ${report.data.extra} rows are not in it`);
  if (report.calls.calls < report.calls.minimum) failures.push(`only ${report.calls.calls} Analytics calls for a minimum of ${report.calls.minimum}: the run did not run`);
  return failures;
}

/** The issue's targets (expected to fail until checkpoints and the attempt policy land). */
export function issueTargetViolations(report: ChaosReport): string[] {
  const failures: string[] = [];
  const notSucceeded = report.chunks - (report.tasksByStatus['succeeded'] ?? 0);
  if (notSucceeded > 0) failures.push(`${notSucceeded} of ${report.chunks} tasks did not succeed`);
  if (report.data.equal !== report.data.expected || report.data.missing > 0) failures.push(`stored rows ≠ ground truth: ${report.data.missing} of ${report.data.expected} missing`);
  if (successfulCallsRatio(report) > SUCCESSFUL_CALLS_TARGET) {
    failures.push(`successful calls ${successfulCallsRatio(report).toFixed(2)}× the minimum (target ≤ ${SUCCESSFUL_CALLS_TARGET}×)`);
  }
  return failures;
}

/** Every task succeeded: the chunks and any task enqueued besides them (the seed-1 run ends with 39 for 36 chunks). */
function allSucceeded(report: ChaosReport): boolean {
  const others = Object.entries(report.tasksByStatus).filter(([status, count]) => status !== 'succeeded' && count > 0);
  return others.length === 0 && (report.tasksByStatus['succeeded'] ?? 0) >= report.chunks;
}

export function formatChaosReport(report: ChaosReport): string {
  const { calls, data } = report;
  const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  const statuses = Object.entries(report.tasksByStatus).filter(([, n]) => n > 0).map(([status, n]) => `${status} ${n}`).join(', ');
  const answers = Object.entries(calls.byStatus).map(([status, n]) => `${status}: ${n}`).join(', ');
  const rates = Object.entries(report.faultRates).map(([kind, rate]) => `${kind} ${(rate * 100).toFixed(0)}%`).join(' / ');
  const rows: [string, string, string][] = [
    ['tasks by final status', statuses || 'none', verdict(allSucceeded(report)) + ' (all succeeded)'],
    ['stuck (queued, running, paused)', String((report.tasksByStatus['queued'] ?? 0) + (report.tasksByStatus['running'] ?? 0) + (report.tasksByStatus['paused'] ?? 0)), ''],
    ['stored rows vs ground truth', `${data.equal} of ${data.expected} equal; ${data.missing} missing, ${data.wrong} wrong, ${data.extra} extra`, verdict(data.equal === data.expected && data.missing + data.wrong + data.extra === 0)],
    ['Analytics calls made ÷ minimum', `${calls.calls} ÷ ${calls.minimum} = ${callsRatio(report).toFixed(2)}×`, ''],
    ['successful (200) calls ÷ minimum', `${calls.succeeded} ÷ ${calls.minimum} = ${successfulCallsRatio(report).toFixed(2)}×`, `${verdict(successfulCallsRatio(report) <= SUCCESSFUL_CALLS_TARGET)} (≤ ${SUCCESSFUL_CALLS_TARGET}×)`],
    ['most calls for one channel-day', `${calls.mostCallsForOneChannelDay} (most 200s: ${calls.mostSuccessesForOneChannelDay}; ${calls.refetchedChannelDays} channel-days fetched more than once)`, ''],
    ['Analytics answers', answers, ''],
    ['dead tasks', String(report.deadTasks.length), ''],
    ['kill cycles', `${report.killCycles} of ${report.killCyclesPlanned} planned; ${report.leasesAged} leases of killed servers aged`, ''],
    ['wall time', `${report.wallSeconds.toFixed(1)} s${report.timedOut ? ' (time bound hit)' : ''}`, ''],
  ];
  const lines = [
    `Chaos run: ${report.servers} servers, ${report.channels} channels, ${report.chunks} chunks (minimum ${calls.minimum} Analytics calls); faults ${rates || 'none'} per Analytics request, seed ${report.seed}`,
    '',
    '| measure | value | target |',
    '|---|---|---|',
    ...rows.map(([measure, value, target]) => `| ${measure} | ${value} | ${target} |`),
  ];
  if (report.deadTasks.length > 0) {
    lines.push('', 'Dead tasks (dedupe key, attempts, last_error):');
    for (const task of report.deadTasks) lines.push(`  ${task.dedupeKey}  attempts=${task.attempts}  ${(task.lastError ?? '(none)').slice(0, 160)}`);
  }
  lines.push('', `Server and simulator logs: ${report.logDir}`);
  return lines.join('\n');
}
