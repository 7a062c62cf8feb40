import { describe, expect, it } from '@jest/globals';
import { objectId } from '../../../../dev/simulators/printify/object-id.js';
import { isoFromPrintifyTime, printifyTime, secondsOf } from '../../../../dev/simulators/printify/printify-time.js';

describe('printifyTime', () => {
  it("writes UTC as Printify does, dropping milliseconds, and reads back to Sluice's ISO form", () => {
    const ms = Date.parse('2017-04-18T13:24:28.987Z');
    expect(printifyTime(ms)).toBe('2017-04-18 13:24:28+00:00');
    expect(isoFromPrintifyTime('2017-04-18 13:24:28+00:00')).toBe('2017-04-18T13:24:28.000Z');
    expect(secondsOf(ms)).toBe(Date.parse('2017-04-18T13:24:28Z'));
  });
});

describe('objectId', () => {
  it('starts with the creation second in hex and depends on its parts', () => {
    const ms = Date.parse('2018-02-28T18:34:49Z');
    expect(objectId(ms, 'a')).toMatch(/^5a96f649[0-9a-f]{16}$/);
    expect(objectId(ms, 'a')).toBe(objectId(ms, 'a'));
    expect(objectId(ms, 'b')).not.toBe(objectId(ms, 'a'));
  });
});
