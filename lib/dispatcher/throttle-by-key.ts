/**
 * At most one `run(key)` per `intervalMs` per key, leading and trailing: the first call runs
 * at once; calls inside the interval are folded into one more run at its end, so the last
 * change is never left unwritten for longer than the interval. Returns the promise of a run it
 * started or scheduled (the caller awaits them before answering), or undefined when the call
 * was folded into one already pending. `flush()` starts every pending trailing run now (the
 * work is over: nothing more will be folded into them, and the caller need not wait out the
 * interval). `sleep` and `now` are parameters so tests need no timers.
 */
export interface Throttled<K> {
  (key: K): Promise<void> | undefined;
  flush(): void;
}

export function throttleByKey<K>(
  intervalMs: number,
  now: () => number,
  run: (key: K) => Promise<void>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Throttled<K> {
  const lastRun = new Map<K, number>();
  const trailing = new Set<K>();
  let wake: () => void = () => {};
  let flushed = new Promise<void>((resolve) => (wake = resolve));
  const runNow = (key: K) => {
    lastRun.set(key, now());
    return run(key);
  };
  const throttled = (key: K) => {
    const since = now() - (lastRun.get(key) ?? -Infinity);
    if (since >= intervalMs) return runNow(key);
    if (trailing.has(key)) return undefined;
    trailing.add(key);
    return Promise.race([sleep(intervalMs - since), flushed]).then(() => {
      trailing.delete(key);
      return runNow(key);
    });
  };
  return Object.assign(throttled, {
    flush() {
      wake();
      flushed = new Promise<void>((resolve) => (wake = resolve));
    },
  });
}
