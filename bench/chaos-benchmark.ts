/**
 * The chaos benchmark, shared by `npm run bench:chaos` and `BENCH_MODE=chaos npm run bench:backfill`:
 * runs the chaos run (dev/chaos/chaos-run.ts) BENCH_REPEAT times, seeds BENCH_SEED, +1, +2…, prints
 * each run's report and, over several runs, the median of each figure.
 *
 * Env: BENCH_REPEAT (1), BENCH_SEED (1), BENCH_SERVERS (3), BENCH_CHANNELS (3), BENCH_DAYS (84:
 * 12 chunks per channel), BENCH_KILLS (24), BENCH_FAULT_RATES (serverError=0.1,rateLimited=0.05,timeout=0.02),
 * BENCH_LATENCY_MS (400), BENCH_CONCURRENCY (DISPATCH_CONCURRENCY, 2), BENCH_KILL_GAP_MS (500-1500),
 * BENCH_MAX_SECONDS (240), BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306/).
 */
import { callsRatio, formatChaosReport, successfulCallsRatio, type ChaosReport } from '../dev/chaos/chaos-report.js';
import { DEFAULT_FAULT_RATES, runChaos } from '../dev/chaos/chaos-run.js';
import { parseFaultRates } from '../dev/simulators/_shared/main-flags.js';

export async function runChaosBenchmark(env: Record<string, string | undefined> = process.env): Promise<ChaosReport[]> {
  const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
  const repeat = number('BENCH_REPEAT', 1);
  const firstSeed = number('BENCH_SEED', 1);
  const faultRates = env['BENCH_FAULT_RATES'] ? parseFaultRates(env['BENCH_FAULT_RATES']) : DEFAULT_FAULT_RATES;
  console.log(`Chaos benchmark: ${repeat} run(s), Node ${process.version}; MariaDB at ${env['BENCH_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/'}`);
  const reports: ChaosReport[] = [];
  for (let run = 0; run < repeat; run++) {
    const report = await runChaos({
      ...(env['BENCH_MYSQL_URL'] ? { mysqlAdminUrl: env['BENCH_MYSQL_URL'] } : {}),
      servers: number('BENCH_SERVERS', 3),
      channels: number('BENCH_CHANNELS', 3),
      backfillDays: number('BENCH_DAYS', 84),
      killCycles: number('BENCH_KILLS', 24),
      latencyMs: number('BENCH_LATENCY_MS', 400),
      dispatchConcurrency: number('BENCH_CONCURRENCY', 2),
      killGapMs: killGap(env['BENCH_KILL_GAP_MS'] ?? '500-1500'),
      maxWallMs: number('BENCH_MAX_SECONDS', 240) * 1_000,
      faultRates,
      seed: firstSeed + run,
      onProgress: (line) => process.stderr.write(`  [run ${run + 1}] ${line}\n`),
    });
    reports.push(report);
    console.log(`\n### Run ${run + 1} of ${repeat}\n\n${formatChaosReport(report)}`);
  }
  if (reports.length > 1) console.log(`\n### Median of ${reports.length} runs (seeds ${firstSeed}–${firstSeed + reports.length - 1})\n\n${formatMedians(reports)}`);
  return reports;
}

function killGap(text: string): [number, number] {
  const match = /^(\d+)-(\d+)$/.exec(text);
  if (!match || Number(match[1]) > Number(match[2])) throw new Error(`BENCH_KILL_GAP_MS must be MIN-MAX in ms, e.g. 500-1500; got "${text}"`);
  return [Number(match[1]), Number(match[2])];
}

export function formatMedians(reports: readonly ChaosReport[]): string {
  const figures: [string, (report: ChaosReport) => number, (value: number) => string][] = [
    ['Analytics calls made ÷ minimum', callsRatio, (v) => `${v.toFixed(2)}×`],
    ['successful (200) calls ÷ minimum', successfulCallsRatio, (v) => `${v.toFixed(2)}× (target ≤ 1.10×)`],
    ['dead tasks', (r) => r.deadTasks.length, (v) => `${v} of ${reports[0]!.chunks}`],
    ['most calls for one channel-day', (r) => r.calls.mostCallsForOneChannelDay, String],
    ['rows missing', (r) => r.data.missing, (v) => `${v} of ${reports[0]!.data.expected}`],
    ['rows wrong or extra', (r) => r.data.wrong + r.data.extra, String],
    ['kill cycles', (r) => r.killCycles, String],
    ['wall time', (r) => r.wallSeconds, (v) => `${v.toFixed(1)} s`],
  ];
  const lines = ['| measure | median | runs |', '|---|---|---|'];
  for (const [name, pick, format] of figures) {
    const values = reports.map(pick);
    lines.push(`| ${name} | ${format(median(values))} | ${values.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(2))).join(', ')} |`);
  }
  return lines.join('\n');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
