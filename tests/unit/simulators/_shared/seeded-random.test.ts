import { describe, expect, it } from '@jest/globals';
import { intBetween, mulberry32, pick, seedOf } from '../../../../dev/simulators/_shared/seeded-random.js';

describe('seedOf', () => {
  it('hashes its parts to a stable 32-bit seed that depends on every part and its place', () => {
    expect(seedOf('a', 'b')).toBe(seedOf('a', 'b'));
    expect(seedOf('a', 'b')).not.toBe(seedOf('b', 'a'));
    expect(seedOf('ab')).not.toBe(seedOf('a', 'b'));
    expect(seedOf(7, 'a', 19_999)).toBe(seedOf('7', 'a', '19999')); // numbers count as their decimal text
    for (const parts of [[], ['x'], ['shop', '1', 'order', '19999']]) {
      const seed = seedOf(...parts);
      expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
    }
  });

  it('seeds mulberry32 into a repeatable sequence in [0, 1)', () => {
    const values = Array.from({ length: 500 }, mulberry32(seedOf('x', 'y')));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Array.from({ length: 500 }, mulberry32(seedOf('x', 'y')))).toEqual(values);
  });
});

describe('pick and intBetween', () => {
  it('cover their whole range and nothing outside it', () => {
    const random = mulberry32(7);
    const picked = new Set(Array.from({ length: 200 }, () => pick(random, ['a', 'b', 'c'])));
    expect([...picked].sort()).toEqual(['a', 'b', 'c']);
    const ints = new Set(Array.from({ length: 300 }, () => intBetween(random, -2, 2)));
    expect([...ints].sort()).toEqual([-1, -2, 0, 1, 2]);
    expect(() => pick(random, [])).toThrow(/empty/);
  });
});
