import { expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../../dev/chaos/child-process.js';
import { describeEachEngine } from '../../support/engines.js';
import { testEnv } from '../../support/test-env.js';

// `npm run bench:commerce` in its smoke mode (BENCH_SMALL=1: 600 receipts, 150 orders, the real
// limits), as CI can afford it: the run ends, its figures parse and are whole, and every row
// the simulators serve is stored. Timings (rates, seconds) are the benchmark's to judge, not this test's.
const run = promisify(execFile);

describeEachEngine('bench:commerce smoke run', (engine) => {
  it('prints a table per platform and one JSON line of figures that parse', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/commerce.bench.ts'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', BENCH_SMALL: '1', BENCH_DATABASE: engine, BENCH_MYSQL_URL: testEnv.mysqlAdminUrl },
      timeout: 150_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    for (const heading of ['**Etsy**', '**Printify**', '| calls made ÷ minimum |', '| achieved ÷ allowed rate |', '| rows upserted per second |', '| 429 responses |', '| peak RSS of a dispatch invocation |']) {
      expect(stdout).toContain(heading);
    }
    const line = stdout.split('\n').find((l) => l.startsWith('{"bench":"commerce"'));
    expect(line).toBeDefined();
    const figures = JSON.parse(line!);
    expect(figures).toMatchObject({ bench: 'commerce', small: true, engine, timedOut: false, tasks: { succeeded: expect.any(Number) } });
    expect(Object.keys(figures.tasks)).toEqual(['succeeded']);
    expect(figures.invocations).toBeGreaterThanOrEqual(1);
    expect(figures.peakRssMb).toBeGreaterThan(figures.readyRssMb);
    for (const platform of ['etsy', 'printify'] as const) {
      const f = figures[platform];
      for (const key of ['calls', 'minimumCalls', 'callsRatio', 'allowedRate', 'achievedRate', 'rateRatio', 'limited', 'rows', 'rowsPerSecond', 'wallSeconds']) {
        expect([platform, key, Number.isFinite(f[key])]).toEqual([platform, key, true]);
      }
      expect(f.finished).toBe(true);
      expect(f.rows).toBe(f.truthRows);
      expect(f.calls).toBe(Object.values(f.byStatus as Record<string, number>).reduce((a, b) => a + b, 0));
      expect(f.callsRatio).toBeCloseTo(f.calls / f.minimumCalls);
      expect(f.minimumCalls).toBe(Object.values(f.minimumParts as Record<string, number>).reduce((a, b) => a + b, 0));
      expect(f.allowedRate).toBe(10);
      expect(f.rateRatio).toBeGreaterThan(0);
    }
  }, 180_000);
});
