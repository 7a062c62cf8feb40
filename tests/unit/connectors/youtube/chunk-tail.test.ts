import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { inEveryCappedTopList, tailVideos } from '../../../../lib/connectors/youtube/chunk-tail.js';

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
