import { describe, expect, it } from '@jest/globals';
import { AppLimits } from '../../../../dev/simulators/etsy/app-limits.js';

describe('AppLimits', () => {
  it('admits up to the rate in a second, saying what remains, then answers 429 with Retry-After', () => {
    const limits = new AppLimits(3, 100);
    expect(limits.admit(0)).toBeNull();
    expect(limits.headers(0)).toEqual({ 'x-limit-per-second': '3', 'x-remaining-this-second': '2', 'x-limit-per-day': '100', 'x-remaining-today': '99' });
    expect(limits.admit(10)).toBeNull();
    expect(limits.admit(20)).toBeNull();
    expect(limits.admit(30)).toEqual({ status: 429, body: { error: 'Exceeded per second rate limit' }, headers: { 'retry-after': '1' } });
    expect(limits.headers(30)['x-remaining-today']).toBe('96'); // the refused request counts too
  });

  it('counts refused requests in the second as well: a client that keeps hammering stays refused', () => {
    const limits = new AppLimits(2, 100);
    for (let t = 0; t < 2000; t += 100) limits.admit(t);
    expect(limits.admit(2000)).toMatchObject({ status: 429 });
    expect(limits.admit(3100)).toBeNull(); // only the refused one at 2000 is left in the window
  });

  it('answers the daily limit over a sliding 24 hours once the second allows', () => {
    const limits = new AppLimits(10, 3);
    for (const t of [0, 1_000, 2_000]) expect(limits.admit(t)).toBeNull();
    const refused = limits.admit(3_600_000);
    expect(refused).toMatchObject({ status: 429, body: { error: 'Exceeded daily rate limit' } });
    expect(Number(refused?.headers?.['retry-after'])).toBeGreaterThan(80_000);
    expect(limits.admit(3_600_100)).toMatchObject({ status: 429 });
    expect(limits.admit(86_400_000 + 2_500)).toBeNull(); // the three accepted calls have left the window…
    expect(limits.admit(86_400_000 + 2_600)).toMatchObject({ status: 429 }); // …but the two refused ones still count
    expect(limits.admit(86_400_000 + 3_600_101)).toBeNull();
  });
});
