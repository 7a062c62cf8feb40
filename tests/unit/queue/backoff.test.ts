import { describe, expect, it } from '@jest/globals';
import { retryDelayMs } from '../../../lib/queue/backoff.js';

describe('retryDelayMs', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles per attempt between half and all of the exponential step', () => {
    expect(retryDelayMs(1, 0, policy)).toBe(500);
    expect(retryDelayMs(1, 0.999999, policy)).toBe(1_000);
    expect(retryDelayMs(3, 0, policy)).toBe(2_000);
    expect(retryDelayMs(3, 0.5, policy)).toBe(3_000);
  });

  it('is capped at maxMs', () => {
    for (let attempt = 1; attempt <= 40; attempt++) expect(retryDelayMs(attempt, 0.99, policy)).toBeLessThanOrEqual(60_000);
    expect(retryDelayMs(30, 0, policy)).toBe(30_000);
  });

  it('spreads a burst: different random draws give different delays', () => {
    const delays = new Set([0.1, 0.3, 0.5, 0.7, 0.9].map((r) => retryDelayMs(4, r, policy)));
    expect(delays.size).toBe(5);
  });
});
