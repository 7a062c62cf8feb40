/**
 * `npm run bench:chaos`: YouTube backfills on several local servers over one MariaDB database,
 * against a simulator process that fails 17% of Analytics requests (10% 5xx, 5% 429, 2% timeouts),
 * while servers are SIGKILLed and restarted at random (dev/chaos/chaos-run.ts). Prints tasks by
 * final status, stored rows against the ground truth, Analytics calls made and successful calls
 * against the minimum (chunks × 7), dead tasks with their last error, kill cycles and wall time.
 * Settings: bench/chaos-benchmark.ts. Same as `BENCH_MODE=chaos npm run bench:backfill`.
 */
import { runChaosBenchmark } from './chaos-benchmark.js';

await runChaosBenchmark();
