import { describe, expect, it } from '@jest/globals';
import { parsePrintifyTime } from '../../../../lib/connectors/printify/printify-time.js';
import { PermanentError } from '../../../../lib/errors.js';

describe('parsePrintifyTime', () => {
  it.each([
    ['2017-04-18 13:24:28+00:00', '2017-04-18T13:24:28.000Z'],
    ['2026-02-20T12:00:00+00:00', '2026-02-20T12:00:00.000Z'],
    ['2026-02-20 12:00:00Z', '2026-02-20T12:00:00.000Z'],
    ['2026-02-20 12:00:00.5+00:00', '2026-02-20T12:00:00.500Z'],
    // An offset is applied: 01:30 at +02:00 is the day before in UTC.
    ['2026-03-01 01:30:00+02:00', '2026-02-28T23:30:00.000Z'],
    ['2026-02-28 22:00:00-0530', '2026-03-01T03:30:00.000Z'],
  ])('reads %s as %s UTC', (value, iso) => {
    expect(parsePrintifyTime(value, 'r').toISOString()).toBe(iso);
  });

  it.each(['2017-04-18', '2017-04-18 13:24:28', '18/04/2017 13:24:28+00:00', '2026-02-30 12:00:00+00:00', '2026-02-20 24:00:00+00:00', ''])('refuses %p, naming the record', (value) => {
    expect(() => parsePrintifyTime(value, 'printify order X created_at')).toThrow(PermanentError);
    expect(() => parsePrintifyTime(value, 'printify order X created_at')).toThrow(/^printify order X created_at: /);
  });
});
