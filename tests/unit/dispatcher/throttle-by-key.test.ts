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

  it('flush() starts the pending trailing runs now, and the throttle keeps working after', async () => {
    let clock = 10_000;
    const runs: [string, number][] = [];
    const never = () => new Promise<void>(() => {}); // a timer that would not fire within the test
    const throttled = throttleByKey(1_000, () => clock, async (key: string) => void runs.push([key, clock]), never);
    await throttled('job-1');
    clock += 100;
    const trailing = throttled('job-1');
    const other = throttled('job-2');
    clock += 50;
    throttled.flush();
    await Promise.all([trailing, other]);
    expect(runs).toEqual([
      ['job-1', 10_000],
      ['job-2', 10_100],
      ['job-1', 10_150],
    ]);
    // After a flush, a new call inside the interval is folded again, into a new pending run.
    clock += 10;
    const again = throttled('job-1');
    expect(again).toBeInstanceOf(Promise);
    expect(throttled('job-1')).toBeUndefined();
    throttled.flush();
    await again;
    expect(runs.at(-1)).toEqual(['job-1', 10_160]);
  });
});
