/**
 * The most events in any window of a given length: what a benchmark reads to check that a client
 * kept under a vendor's per-interval limit (Printify: 600 requests in any minute). Windows are
 * half-open, as SlidingWindowLimiter's are, so two events exactly `windowMs` apart never share one.
 */
export function maxInWindow(timestamps: readonly number[], windowMs: number): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[first] ?? Infinity) <= (sorted[last] ?? 0) - windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
