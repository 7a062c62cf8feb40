import { describe, expect, it } from '@jest/globals';
import { maxInWindow } from '../../../../dev/simulators/_shared/max-in-window.js';

describe('maxInWindow', () => {
  it('counts the most timestamps in any window of the given length, in any order', () => {
    expect(maxInWindow([], 1000)).toBe(0);
    expect(maxInWindow([5], 1000)).toBe(1);
    expect(maxInWindow([0, 100, 999, 1000, 1500, 1999], 1000)).toBe(3);
    expect(maxInWindow([1999, 0, 1500, 100, 1000, 999], 1000)).toBe(3);
  });

  it('treats a window as half-open, as the sliding limiter does: t and t + window never meet', () => {
    expect(maxInWindow([0, 1000], 1000)).toBe(1);
    expect(maxInWindow([0, 999], 1000)).toBe(2);
    expect(maxInWindow([7, 7, 7], 1)).toBe(3);
  });
});
