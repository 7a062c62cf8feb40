/**
 * When this process's event loop did not run: a timer due every few ms that fired more than
 * `thresholdMs` late marks a stall, from when it was due until it ran. A call paced by timers
 * cannot go out on time during one, whatever its pacing: on a busy test machine (the other jest
 * worker, MariaDB, two cores) stalls of 100 ms and more are common; on a quiet one, none.
 * Times are wall-clock ms, comparable with a simulator's arrival times in another process.
 */
export interface Stall {
  from: number;
  to: number;
}

export function watchEventLoopStalls(thresholdMs: number): { stop(): Stall[] } {
  const tickMs = 5;
  const stalls: Stall[] = [];
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    if (now - last - tickMs > thresholdMs) stalls.push({ from: last + tickMs, to: now });
    last = now;
  }, tickMs);
  return {
    stop() {
      clearInterval(timer);
      return stalls;
    },
  };
}
