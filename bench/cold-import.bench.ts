/**
 * `npm run bench:cold`: the cold import of a function exactly as `vercel build` emitted it
 * (run `npm run build:vercel` first). Each run is a fresh Node process started inside the
 * function's `.func` folder, as Vercel's runtime loads it, that imports the handler named by
 * `.vc-config.json` and reports the import time and the process's total RSS. A bare process
 * gives the baseline RSS. Prints the medians of BENCH_RUNS (5) runs against the targets:
 * import ≤ 0.2 s and ≤ 60 MB total RSS.
 *
 * Env: BENCH_FUNCTION (api/jobs/dispatch), BENCH_RUNS (5).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
const FUNCTION = process.env.BENCH_FUNCTION ?? 'api/jobs/dispatch';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_SECONDS = 0.2;
const TARGET_TOTAL_MB = 60;

interface Sample {
  ms: number;
  rss: number;
  shape: string;
}

function probe(funcDir: string, handlerUrl: string | undefined): Sample {
  const script = handlerUrl
    ? `const t = performance.now(); const m = await import(${JSON.stringify(handlerUrl)}); const ms = performance.now() - t;
       const shape = typeof m.default?.fetch === 'function' ? 'default { fetch }' : typeof m.default === 'function' ? 'default (req, res)' : Object.keys(m).join(',');
       console.log(JSON.stringify({ ms, rss: process.memoryUsage().rss, shape }));`
    : `console.log(JSON.stringify({ ms: 0, rss: process.memoryUsage().rss, shape: 'bare' }));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: funcDir, encoding: 'utf8' });
  return JSON.parse(output) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const funcDir = join(PROJECT_ROOT, '.vercel', 'output', 'functions', `${FUNCTION}.func`);
if (!existsSync(join(funcDir, '.vc-config.json'))) {
  console.error(`${funcDir} is missing: run \`npm run build:vercel\` first`);
  process.exit(1);
}
const { handler } = JSON.parse(readFileSync(join(funcDir, '.vc-config.json'), 'utf8')) as { handler: string };
const handlerUrl = pathToFileURL(join(funcDir, handler)).href;
const samples = Array.from({ length: RUNS }, () => probe(funcDir, handlerUrl));
const bare = Array.from({ length: RUNS }, () => probe(funcDir, undefined));
const seconds = median(samples.map((s) => s.ms)) / 1_000;
const totalMb = median(samples.map((s) => s.rss)) / 2 ** 20;
const bareMb = median(bare.map((s) => s.rss)) / 2 ** 20;

console.log(`Cold import of ${FUNCTION} (${handler}, exports ${samples[0]!.shape}) as vercel build emitted it, Node ${process.version}, median of ${RUNS}`);
console.log(`  runs: ${samples.map((s) => `${(s.ms / 1_000).toFixed(3)} s / ${(s.rss / 2 ** 20).toFixed(1)} MB`).join(', ')}`);
console.log('\n| measure | value | target |\n|---|---|---|');
console.log(`| import time | ${seconds.toFixed(3)} s | ≤ ${TARGET_SECONDS} s: ${seconds <= TARGET_SECONDS ? 'MET' : 'NOT MET'} |`);
console.log(`| total RSS after import | ${totalMb.toFixed(1)} MB | ≤ ${TARGET_TOTAL_MB} MB: ${totalMb <= TARGET_TOTAL_MB ? 'MET' : 'NOT MET'} |`);
console.log(`| added over bare Node (${bareMb.toFixed(1)} MB) | +${(totalMb - bareMb).toFixed(1)} MB | |`);
