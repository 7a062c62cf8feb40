import { fc, test } from '@fast-check/jest';
import { describe, expect, it } from '@jest/globals';
import { platformsPerLane } from '../../../lib/dispatcher/dispatch.js';

describe('platformsPerLane', () => {
  it('as many lanes as the largest concurrency; lane i runs a platform while i is below its concurrency', () => {
    expect(platformsPerLane(['youtube', 'etsy', 'shopify'], { youtube: { concurrency: 3 }, etsy: { concurrency: 1 }, shopify: { concurrency: 2 } }, 4)).toEqual([
      ['youtube', 'etsy', 'shopify'],
      ['youtube', 'shopify'],
      ['youtube'],
    ]);
  });

  it('a platform without a budget named after it uses the fallback', () => {
    expect(platformsPerLane(['youtube', 'widgets'], { youtube: { concurrency: 1 } }, 2)).toEqual([['youtube', 'widgets'], ['widgets']]);
  });

  it('budgets of platforms that are not enabled (youtube-data, a disabled connector) add no lane', () => {
    expect(platformsPerLane(['youtube'], { youtube: { concurrency: 2 }, 'youtube-data': { concurrency: 8 }, etsy: { concurrency: 6 } }, 4)).toEqual([['youtube'], ['youtube']]);
  });

  it('no enabled platform: no lane', () => {
    expect(platformsPerLane([], { youtube: { concurrency: 2 } }, 4)).toEqual([]);
  });

  test.prop([fc.uniqueArray(fc.constantFrom('youtube', 'etsy', 'shopify', 'printify', 'widgets'), { maxLength: 5 }).chain((enabled) =>
    fc.tuple(fc.constant(enabled), fc.dictionary(fc.constantFrom(...enabled, 'youtube-data'), fc.record({ concurrency: fc.integer({ min: 1, max: 16 }) })), fc.integer({ min: 1, max: 16 })),
  )])('each platform runs in exactly its concurrency of lanes, the first ones, in the enabled order', ([enabled, limits, fallback]) => {
    const lanes = platformsPerLane(enabled, limits, fallback);
    const concurrency = (p: string) => limits[p]?.concurrency ?? fallback;
    expect(lanes).toHaveLength(Math.max(0, ...enabled.map(concurrency)));
    for (const platform of enabled) {
      const mine = lanes.flatMap((lane, i) => (lane.includes(platform) ? [i] : []));
      expect(mine).toEqual(Array.from({ length: concurrency(platform) }, (_, i) => i));
    }
    for (const lane of lanes) {
      expect(lane.length).toBeGreaterThan(0);
      expect(lane).toEqual(enabled.filter((p) => lane.includes(p)));
    }
  });
});
