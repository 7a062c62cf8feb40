import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RANDOM_TIMEOUT_MS, RandomFaults, randomFaultsFrom, validateFaultRates } from '../../../../dev/simulators/_shared/random-faults.js';

const draws = (faults: RandomFaults<'analytics' | 'data'>, n: number, api: 'analytics' | 'data' = 'analytics') =>
  Array.from({ length: n }, () => faults.draw(api));

describe('RandomFaults', () => {
  it('meets each kind at about its rate, with the envelope options of an injected fault', () => {
    const faults = new RandomFaults({ rates: { serverError: 0.1, rateLimited: 0.05, timeout: 0.02 }, apis: ['analytics'], seed: 42 });
    const drawn = draws(faults, 20_000);
    const share = (kind: string) => drawn.filter((fault) => fault?.kind === kind).length / drawn.length;
    expect(share('serverError')).toBeCloseTo(0.1, 1);
    expect(share('rateLimited')).toBeCloseTo(0.05, 1);
    expect(share('timeout')).toBeCloseTo(0.02, 1);
    expect(drawn.filter((fault) => fault === null).length / drawn.length).toBeCloseTo(0.83, 1);
    const statuses = new Set(drawn.filter((fault) => fault?.kind === 'serverError').map((fault) => fault?.status));
    expect(statuses).toEqual(new Set([500, 503]));
    expect(drawn.find((fault) => fault?.kind === 'rateLimited')).toEqual({ api: 'analytics', kind: 'rateLimited', retryAfterSeconds: 1 });
    expect(drawn.find((fault) => fault?.kind === 'timeout')).toEqual({ api: 'analytics', kind: 'timeout', timeoutMs: DEFAULT_RANDOM_TIMEOUT_MS, destroySocket: true });
  });

  it('gives the same sequence for the same seed, another for another seed', () => {
    const rates = { serverError: 0.3, rateLimited: 0.2, timeout: 0.1 };
    const sequence = (seed: number) => draws(new RandomFaults({ rates, apis: ['analytics'], seed }), 200).map((fault) => fault?.kind ?? '-');
    expect(sequence(7)).toEqual(sequence(7));
    expect(sequence(7)).not.toEqual(sequence(8));
  });

  it('never draws for an API it does not cover, and takes its timeout and Retry-After from the options', () => {
    const faults = new RandomFaults({ rates: { rateLimited: 0.5, timeout: 0.5 }, apis: ['analytics'], retryAfterSeconds: 9, timeoutMs: 50 });
    expect(draws(faults, 100, 'data').every((fault) => fault === null)).toBe(true);
    const drawn = draws(faults, 100);
    expect(drawn.every((fault) => fault !== null)).toBe(true);
    expect(drawn.find((fault) => fault?.kind === 'rateLimited')?.retryAfterSeconds).toBe(9);
    expect(drawn.find((fault) => fault?.kind === 'timeout')?.timeoutMs).toBe(50);
  });

  it('refuses rates that are not probabilities, add up past 1, or name no kind it knows', () => {
    expect(() => validateFaultRates({ serverError: 1.5 })).toThrow(/serverError=1.5 is not a probability/);
    expect(() => validateFaultRates({ timeout: -0.1 })).toThrow(/timeout/);
    expect(() => validateFaultRates({ serverError: 0.6, rateLimited: 0.5 })).toThrow(/add up to 1.1/);
    expect(() => validateFaultRates({ quotaExceeded: 0.1 } as never)).toThrow(/unknown fault rate "quotaExceeded"/);
    expect(() => new RandomFaults({ rates: { serverError: 2 }, apis: ['analytics'] })).toThrow();
    expect(() => validateFaultRates({ serverError: 0.1, rateLimited: 0.05, timeout: 0.02 })).not.toThrow();
  });
});

describe('randomFaultsFrom', () => {
  it('is null without rates', () => {
    expect(randomFaultsFrom({ faultSeed: 3 }, ['api'])).toBeNull();
  });

  it("draws on the named APIs with the settings' seed, timeout and Retry-After", () => {
    const settings = { faultRates: { rateLimited: 0.5, timeout: 0.5 }, faultSeed: 9, faultTimeoutMs: 250, faultRetryAfterSeconds: 4 };
    const faults = randomFaultsFrom(settings, ['api'] as const)!;
    const seeded = new RandomFaults({ rates: settings.faultRates, apis: ['api'], seed: 9, timeoutMs: 250, retryAfterSeconds: 4 });
    const drawn = Array.from({ length: 50 }, () => faults.draw('api'));
    expect(drawn).toEqual(Array.from({ length: 50 }, () => seeded.draw('api')));
    expect(drawn).toContainEqual({ api: 'api', kind: 'rateLimited', retryAfterSeconds: 4 });
    expect(drawn).toContainEqual({ api: 'api', kind: 'timeout', timeoutMs: 250, destroySocket: true });
    expect(randomFaultsFrom<'api' | 'oauth'>(settings, ['api'])!.draw('oauth')).toBeNull();
  });
});
