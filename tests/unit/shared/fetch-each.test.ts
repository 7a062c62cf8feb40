import { describe, expect, it } from '@jest/globals';
import { fetchEach } from '../../../lib/shared/fetch-each.js';

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('fetchEach (a chunk\'s tail, several calls at once)', () => {
  it('every item\'s result at its index, with at most `concurrency` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const { results, failure } = await fetchEach([5, 1, 4, 2, 3, 1, 2], async (ms) => {
      most = Math.max(most, ++inFlight);
      await later(null, ms);
      inFlight -= 1;
      return ms * 10;
    }, 3, () => false);
    expect(results).toEqual([50, 10, 40, 20, 30, 10, 20]);
    expect(failure).toBeUndefined();
    expect(most).toBe(3);
  });

  it('a failure: what came back is kept, gaps and all, with the failure; nothing starts after it', async () => {
    const started: number[] = [];
    const { results, failure } = await fetchEach([1, 2, 3, 4, 5, 6], async (item) => {
      started.push(item);
      if (item === 2) {
        await later(null, 5);
        throw new Error('refused');
      }
      return later(item, item === 3 ? 20 : 1);
    }, 2, () => false);
    expect((failure as Error).message).toBe('refused');
    expect(results[0]).toBe(1);
    expect(results[1]).toBeUndefined();
    expect(results[2]).toBe(3); // in flight when the failure came: kept
    expect(started).not.toContain(6);
  });

  it('stop: nothing more starts, what finished is kept', async () => {
    let calls = 0;
    const { results, failure } = await fetchEach([1, 2, 3, 4], async (item) => (calls++, item), 1, () => calls >= 2);
    expect(results).toEqual([1, 2, undefined, undefined]);
    expect(failure).toBeUndefined();
  });
});
