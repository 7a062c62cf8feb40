import { describe, expect, it } from '@jest/globals';
import { throttleByKey } from '../../../lib/dispatcher/throttle-by-key.js';

describe('throttleByKey', () => {
  it('runs at once, folds calls inside the interval into one trailing run, per key', async () => {
    let clock = 10_000;
    const runs: [string, number][] = [];
    const sleeps: ((ms?: unknown) => void)[] = [];
    const throttled = throttleByKey(
      1_000,
      () => clock,
      async (key: string) => void runs.push([key, clock]),
      (ms) => {
        const at = clock + ms; // a timer set now fires `ms` later
        return new Promise<void>((resolve) => sleeps.push(() => ((clock = at), resolve())));
      },
    );
    const first = throttled('job-1');
    clock += 200;
    const trailing = throttled('job-1');
    clock += 100;
    expect(throttled('job-1')).toBeUndefined(); // folded into the pending trailing run
    const other = throttled('job-2'); // another key is not held back
    await Promise.all([first, other]);
    expect(runs).toEqual([['job-1', 10_000], ['job-2', 10_300]]);
    sleeps.shift()!(); // the interval since job-1's run ends
    await trailing;
    expect(runs.at(-1)).toEqual(['job-1', 11_000]); // the last step's progress is written, 800 ms after it
    expect(sleeps).toHaveLength(0);
  });
});
