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

/** The first arrival of each sliding window of `windowMs` (ends inclusive) that holds more than `limit` arrivals. */
export function crowdedWindows(timestamps: readonly number[], limit: number, windowMs = 1_000): number[] {
  const sorted = [...timestamps].sort((a, b) => a - b);
  return sorted.filter((first, index) => sorted.slice(index, index + limit + 1).filter((at) => at <= first + windowMs).length > limit);
}

/**
 * The crowded windows (their first arrivals) a stall explains: the process stalled in the
 * `leadMs` before the window's first call arrived, so that call was sent or stamped late after
 * the gate had let it go on time — a busy machine, not the pacing. On a quiet machine, none.
 */
export function excusedByStalls(crowded: readonly number[], stalls: readonly Stall[], leadMs = 100): number[] {
  return crowded.filter((first) => stalls.some((stall) => stall.from <= first && stall.to >= first - leadMs));
}
