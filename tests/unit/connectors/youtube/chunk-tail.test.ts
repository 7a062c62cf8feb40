import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { inEveryCappedTopList, tailVideos } from '../../../../lib/connectors/youtube/chunk-tail.js';
import { advanceTail } from '../../../../lib/connectors/youtube/daily-channel.task.js';

describe('a chunk\'s tail (DESIGN.md: published by the window\'s end, missing from a capped top list)', () => {
  it('the first capped day\'s list is the start; each later one narrows it', () => {
    const first = inEveryCappedTopList(null, ['c', 'a', 'b', 'a']);
    expect(first).toEqual(['a', 'b', 'c']);
    expect(inEveryCappedTopList(first, ['b', 'd'])).toEqual(['b']);
  });

  it('the tail is every published video some capped list left out, in id order', () => {
    expect(tailVideos(['e', 'a', 'b', 'd'], ['b', 'c'])).toEqual(['a', 'd', 'e']);
  });

  const ids = fc.uniqueArray(fc.constantFrom(...'abcdefghij'), { maxLength: 10 });
  test.prop([ids, fc.array(ids, { minLength: 1, maxLength: 7 })])('a video is in the tail exactly when it was published and one capped list missed it', (published, topLists) => {
    const common = topLists.reduce<string[] | null>((before, list) => inEveryCappedTopList(before, list), null) ?? [];
    const tail = tailVideos(published, common);
    for (const video of published) expect(tail.includes(video)).toBe(topLists.some((list) => !list.includes(video)));
    expect(tail.every((video) => published.includes(video))).toBe(true);
  });
});

describe('advanceTail (a step of concurrent per-video calls)', () => {
  const start = { videos: 9, fetched: 0, after: null, ahead: [] };
  it('every video back: the cursor moves to the step\'s last', () => {
    expect(advanceTail(start, ['a', 'b', 'c'], [true, true, true])).toEqual({ videos: 9, fetched: 3, after: 'c', ahead: [] });
  });

  it('a gap: the cursor stops before it, and what came back after it waits ahead until the cursor passes', () => {
    const gapped = advanceTail(start, ['a', 'b', 'c', 'd'], [true, false, true, false]);
    expect(gapped).toEqual({ videos: 9, fetched: 2, after: 'a', ahead: ['c'] });
    // The next step skips what is ahead (the caller leaves it out of pending): b and d.
    expect(advanceTail(gapped, ['b', 'd'], [true, true])).toEqual({ videos: 9, fetched: 4, after: 'd', ahead: [] });
  });

  it('nothing back: nothing moves', () => {
    expect(advanceTail(start, ['a', 'b'], [false, false])).toEqual(start);
  });
});
