import { describe, expect, it } from '@jest/globals';
import { assignDefined, FAULT_FLAGS, faultSettings, parseFaultRates, readFlags } from '../../../../dev/simulators/_shared/main-flags.js';

const FLAGS = { port: { env: 'PORT' }, name: { env: 'SIM_NAME' } } as const;

describe('readFlags', () => {
  it('reads a flag, else its environment variable (an empty one is unset)', () => {
    const flags = readFlags(FLAGS, ['--name', 'x'], { PORT: '9', SIM_NAME: 'y' });
    expect([flags.raw('name'), flags.raw('port')]).toEqual(['x', '9']);
    expect(readFlags(FLAGS, [], { SIM_NAME: '' }).raw('name')).toBeUndefined();
  });

  it('reads integers with a floor, naming the flag and its variable when a value is bad', () => {
    expect(readFlags(FLAGS, ['--port', '0'], {}).integer('port', 0)).toBe(0);
    expect(readFlags(FLAGS, [], {}).integer('port', 0)).toBeUndefined();
    expect(() => readFlags(FLAGS, ['--port', '0'], {}).integer('port', 1)).toThrow(/--port \(PORT\) must be an integer ≥ 1, got "0"/);
    expect(() => readFlags(FLAGS, [], { PORT: '1.5' }).integer('port', 0)).toThrow(/--port/);
  });

  it('refuses unknown flags', () => {
    expect(() => readFlags(FLAGS, ['--nope', 'x'], {})).toThrow(/Unknown option/);
  });
});

describe('parseFaultRates', () => {
  it('reads kind=probability pairs', () => {
    expect(parseFaultRates('serverError=0.1, rateLimited=.05')).toEqual({ serverError: 0.1, rateLimited: 0.05 });
    expect(parseFaultRates('')).toEqual({});
  });

  it('refuses unknown kinds, bad numbers and totals past 1', () => {
    expect(() => parseFaultRates('quota=0.1')).toThrow(/"quota=0.1" is not kind=probability/);
    expect(() => parseFaultRates('timeout=abc')).toThrow(/timeout=abc/);
    expect(() => parseFaultRates('timeout=0.1=2')).toThrow();
    expect(() => parseFaultRates('serverError=0.7,timeout=0.7')).toThrow(/add up to 1.4/);
  });
});

describe('assignDefined', () => {
  it('sets the defined values and leaves the undefined ones absent, not undefined', () => {
    const target: { port: number; seed?: number; name?: string } = { port: 1 };
    const result = assignDefined(target, { seed: 0, name: undefined });
    expect(result).toBe(target);
    expect(result).toEqual({ port: 1, seed: 0 });
    expect('name' in result).toBe(false);
  });
});

describe('faultSettings', () => {
  const flags = { port: { env: 'PORT' }, ...FAULT_FLAGS };

  it('reads latency and random faults from their flags or variables, unset ones undefined', () => {
    const env = { SIM_FAULT_SEED: '7', SIM_TIMEOUT_MS: '' };
    expect(faultSettings(readFlags(flags, ['--latency', '5', '--fault-rates', 'timeout=0.5'], env))).toEqual({
      latencyMs: 5,
      faultRates: { timeout: 0.5 },
      faultSeed: 7,
      faultTimeoutMs: undefined,
    });
    expect(faultSettings(readFlags(flags, ['--port', '1'], {}))).toEqual({ latencyMs: undefined, faultRates: undefined, faultSeed: undefined, faultTimeoutMs: undefined });
  });

  it('refuses a timeout under 1 ms, a negative latency and bad rates, naming the flag', () => {
    expect(() => faultSettings(readFlags(flags, ['--timeout-ms', '0'], {}))).toThrow(/--timeout-ms \(SIM_TIMEOUT_MS\)/);
    expect(() => faultSettings(readFlags(flags, ['--latency', '-1'], {}))).toThrow(/--latency/);
    expect(() => faultSettings(readFlags(flags, ['--fault-rates', 'x=1'], {}))).toThrow(/--fault-rates/);
  });
});
