import { describe, expect, it } from '@jest/globals';
import { parseSimulatorMainOptions } from '../../../../dev/simulators/youtube/main-options.js';

describe('parseSimulatorMainOptions', () => {
  it('defaults to port 8085, control routes on, nothing else set', () => {
    expect(parseSimulatorMainOptions([], {})).toEqual({ port: 8085, controlRoutes: true });
  });

  it('reads every flag', () => {
    const argv = ['--port', '0', '--fault-rates', 'serverError=0.1,rateLimited=0.05,timeout=0.02', '--seed', '7', '--timeout-ms', '500', '--videos', '30', '--latency', '100', '--rate', '20', '--data-daily-quota', '10000', '--client-id', 'id', '--client-secret', 'secret'];
    expect(parseSimulatorMainOptions(argv, {})).toEqual({
      port: 0,
      controlRoutes: true,
      faultRates: { serverError: 0.1, rateLimited: 0.05, timeout: 0.02 },
      faultSeed: 7,
      faultTimeoutMs: 500,
      videosPerChannel: 30,
      latencyMs: 100,
      ratePerSecond: 20,
      dataDailyQuota: 10_000,
      clientId: 'id',
      clientSecret: 'secret',
    });
  });

  it('falls back to the environment, and a flag wins over it', () => {
    const env = { PORT: '9000', SIM_FAULT_RATES: 'timeout=0.5', SIM_SEED: '3', SIM_VIDEOS: '4', SIM_LATENCY_MS: '', SIM_CLIENT_ID: 'a', SIM_CLIENT_SECRET: 'b' };
    expect(parseSimulatorMainOptions(['--seed', '5'], env)).toEqual({ port: 9000, controlRoutes: true, faultRates: { timeout: 0.5 }, faultSeed: 5, videosPerChannel: 4, clientId: 'a', clientSecret: 'b' });
  });

  it('names the flag of a bad value, and refuses unknown flags', () => {
    expect(() => parseSimulatorMainOptions(['--videos', '0'], {})).toThrow(/--videos \(SIM_VIDEOS\) must be an integer ≥ 1, got "0"/);
    expect(() => parseSimulatorMainOptions(['--latency', '1.5'], {})).toThrow(/--latency/);
    expect(() => parseSimulatorMainOptions([], { PORT: 'x' })).toThrow(/--port \(PORT\)/);
    expect(() => parseSimulatorMainOptions(['--client-id', 'a'], {})).toThrow(/go together/);
    expect(() => parseSimulatorMainOptions(['--faults', 'x'], {})).toThrow(/Unknown option/);
  });
});
