import { describe, expect, it } from '@jest/globals';
import { LEDGER_MAX_WINDOW_SECONDS, ledgerWindowError, parseLedgerQuery } from '../../../../dev/simulators/etsy/ledger-query.js';

const parse = (query: string) => parseLedgerQuery(new URLSearchParams(query));
const TOO_LONG = 'Time window between min_created and max_created must be no more than 2678400 seconds (31 days).';

describe('ledger window', () => {
  it('accepts up to exactly 31 days, inclusive bounds, and refuses one second more with Etsy\'s message', () => {
    expect(LEDGER_MAX_WINDOW_SECONDS).toBe(31 * 86_400);
    expect(ledgerWindowError(1_700_000_000, 1_700_000_000)).toBeNull();
    expect(ledgerWindowError(1_700_000_000, 1_700_000_000 + 2_678_400)).toBeNull();
    expect(ledgerWindowError(1_700_000_000, 1_700_000_000 + 2_678_401)).toBe(TOO_LONG);
    expect(ledgerWindowError(1_700_000_001, 1_700_000_000)).toMatch(/less than or equal/);
  });
});

describe('parseLedgerQuery', () => {
  it('requires both bounds', () => {
    expect(parse('max_created=1700000000')).toEqual({ ok: false, error: 'Missing required parameter: min_created' });
    expect(parse('min_created=1700000000')).toEqual({ ok: false, error: 'Missing required parameter: max_created' });
  });

  it('reads the window and the page', () => {
    expect(parse('min_created=1700000000&max_created=1702678400&limit=100&offset=5')).toEqual({
      ok: true,
      value: { minCreated: 1_700_000_000, maxCreated: 1_702_678_400, limit: 100, offset: 5 },
    });
    expect(parse('min_created=1700000000&max_created=1700000001')).toMatchObject({ ok: true, value: { limit: 25, offset: 0 } });
  });

  it('refuses a window over 31 days and a page over 100', () => {
    expect(parse('min_created=1700000000&max_created=1702678401')).toEqual({ ok: false, error: TOO_LONG });
    expect(parse('min_created=1700000000&max_created=1700000001&limit=101')).toMatchObject({ ok: false });
  });
});
