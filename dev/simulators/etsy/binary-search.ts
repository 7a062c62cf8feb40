/** The first position in [0, length) where `before(position)` is false, `before` being true on a prefix only (a sorted array). */
export function firstNotBefore(length: number, before: (position: number) => boolean): number {
  let [lo, hi] = [0, length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
