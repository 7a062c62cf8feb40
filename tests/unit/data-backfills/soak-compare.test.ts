import { describe, expect, it } from '@jest/globals';
import { compare } from '../../../lib/data-backfills/soak.task.js';

describe('compare', () => {
  it.each([
    [1, '<', 2, true], [2, '<', 2, false],
    [2, '<=', 2, true], [3, '<=', 2, false],
    [3, '>', 2, true], [2, '>', 2, false],
    [2, '>=', 2, true], [1.99, '>=', 2, false],
    [0.85, '==', 0.85, true], [0.86, '==', 0.85, false],
    [1, '!=', 0, true], [0, '!=', 0, false],
  ])('%d %s %d is %s', (value, op, threshold, holds) => {
    expect(compare(value, op, threshold)).toBe(holds);
  });
});
