import { describe, expect, it } from '@jest/globals';
import { rateLimitsPatch } from '../../../api/_lib/admin-schemas.js';

describe('rateLimitsPatch', () => {
  it('accepts limits at the stored precision and null (back to the default)', () => {
    expect(rateLimitsPatch.parse({ requests_per_second: 2.5, backfill_share: 0.3333, concurrency: 2, daily_quota: null })).toEqual({
      requests_per_second: 2.5,
      backfill_share: 0.3333,
      concurrency: 2,
      daily_quota: null,
    });
    expect(rateLimitsPatch.parse({ requests_per_second: 9949.907 }).requests_per_second).toBe(9949.907);
    expect(rateLimitsPatch.parse({ requests_per_second: 0.2 }).requests_per_second).toBe(0.2);
    expect(rateLimitsPatch.safeParse({ requests_per_second: 0.1 }).success).toBe(false);
  });

  it('refuses more decimals than MariaDB gives back, naming the field', () => {
    const rate = rateLimitsPatch.safeParse({ requests_per_second: 9949.907893355821 });
    expect(rate.error?.issues).toEqual([expect.objectContaining({ path: ['requests_per_second'], message: 'at most 3 decimal places' })]);
    const share = rateLimitsPatch.safeParse({ backfill_share: 0.12345 });
    expect(share.error?.issues).toEqual([expect.objectContaining({ path: ['backfill_share'], message: 'at most 4 decimal places' })]);
  });

  it('refuses out-of-range values', () => {
    expect(rateLimitsPatch.safeParse({ requests_per_second: 0 }).success).toBe(false);
    // Below one call per 10 s the limiter would reschedule most calls rather than wait for them.
    expect(rateLimitsPatch.safeParse({ requests_per_second: 0.099 }).error?.issues).toEqual([expect.objectContaining({ path: ['requests_per_second'] })]);
    expect(rateLimitsPatch.safeParse({ backfill_share: 1.5 }).success).toBe(false);
    expect(rateLimitsPatch.safeParse({ concurrency: 0 }).success).toBe(false);
    expect(rateLimitsPatch.safeParse({ concurrency: 65 }).success).toBe(false);
  });
});
