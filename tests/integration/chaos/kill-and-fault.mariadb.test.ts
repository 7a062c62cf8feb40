import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatChaosReport, invariantViolations, issueTargetViolations, type ChaosReport } from '../../../dev/chaos/chaos-report.js';
import { runChaos } from '../../../dev/chaos/chaos-run.js';
import { testEnv } from '../../support/test-env.js';

// The chaos run (dev/chaos/chaos-run.ts) as a test: 3 local servers in their own processes on one
// MariaDB database, 3 channels × 12 chunks, a simulator process failing 10% / 5% / 2% of Analytics
// requests with 5xx / 429 / timeouts, and 24 SIGKILL-and-restart cycles at random moments.
//
// It asserts: the run ends inside its time bound, no task is left queued, running or paused,
// every task succeeded, the stored rows equal the simulator's ground truth, successful Analytics
// calls are at most 1.10× the minimum (only steps in flight at a kill are fetched again), and at
// least 20 kill cycles happened. Before checkpoints and the attempt policy a third of the chunks
// ended dead and successful calls were 1.69× the minimum (README, bench:chaos).
const MIN_KILL_CYCLES = 20;

const describeMysql = testEnv.engines.includes('mysql') ? describe : describe.skip;

describeMysql('chaos: servers killed and restarted while the simulator fails calls [mysql]', () => {
  it(
    'ends with nothing stuck and no wrong data; prints the calls it took',
    async () => {
      const logDir = mkdtempSync(join(tmpdir(), 'sluice-chaos-test-'));
      const report: ChaosReport = await runChaos({ mysqlAdminUrl: testEnv.mysqlAdminUrl, seed: 1, killCycles: 24, maxWallMs: 130_000, logDir });
      process.stdout.write(`\n${formatChaosReport(report)}\n\n`);

      expect(report.chunks).toBe(36);
      expect(invariantViolations(report)).toEqual([]);
      expect(report.killCycles).toBeGreaterThanOrEqual(MIN_KILL_CYCLES);
      expect(issueTargetViolations(report)).toEqual([]);
      rmSync(logDir, { recursive: true, force: true }); // kept when an assertion failed: the servers' logs say why
    },
    175_000,
  );
});
