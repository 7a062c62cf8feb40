import { describe, expect, it } from '@jest/globals';
import { formatChannelSpec, parseChannelSpec, parseSimulatorMainOptions } from '../../../../dev/simulators/youtube/main-options.js';

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

describe('--channel', () => {
  it('reads repeated flags, in both spellings, with optional ACTIVE and YEARS', () => {
    expect(parseSimulatorMainOptions(['--channel', 'bigchannel=1500:600:4', '--channel=mid=300', '--channel', 'x=10:2'], {}).channels).toEqual({
      bigchannel: { videos: 1500, activeVideos: 600, years: 4 },
      mid: { videos: 300 },
      x: { videos: 10, activeVideos: 2 },
    });
  });

  it('falls back to SIM_CHANNELS, a comma-separated list, which flags replace', () => {
    const env = { SIM_CHANNELS: 'a=5, b=7:1:2' };
    expect(parseSimulatorMainOptions([], env).channels).toEqual({ a: { videos: 5 }, b: { videos: 7, activeVideos: 1, years: 2 } });
    expect(parseSimulatorMainOptions(['--channel', 'c=3'], env).channels).toEqual({ c: { videos: 3 } });
    expect(parseSimulatorMainOptions([], { SIM_CHANNELS: '' })).not.toHaveProperty('channels');
  });

  it('formats a spec as the flag value that reads back as it', () => {
    for (const spec of [{ videos: 9 }, { videos: 9, activeVideos: 3 }, { videos: 9, years: 2 }, { videos: 9, activeVideos: 0, years: 5 }]) {
      const [name, read] = parseChannelSpec(formatChannelSpec('big', spec));
      expect(name).toBe('big');
      expect({ activeVideos: read.videos, years: 1, ...read }).toEqual({ activeVideos: spec.videos, years: 1, ...spec });
    }
    expect(formatChannelSpec('big', { videos: 9, years: 2 })).toBe('big=9:9:2');
  });

  it('says what is wrong with a bad value', () => {
    expect(() => parseSimulatorMainOptions(['--channel', 'big'], {})).toThrow(/--channel \(SIM_CHANNELS\): "big" is malformed; expected NAME=VIDEOS\[:ACTIVE\[:YEARS\]\]/);
    expect(() => parseSimulatorMainOptions(['--channel', 'big=0'], {})).toThrow(/VIDEOS below 1/);
    expect(() => parseSimulatorMainOptions(['--channel', 'big=10:11'], {})).toThrow(/ACTIVE above VIDEOS/);
    expect(() => parseSimulatorMainOptions(['--channel', 'big=10:5:0'], {})).toThrow(/YEARS below 1/);
    expect(() => parseSimulatorMainOptions(['--channel', 'big=10:5:1.5'], {})).toThrow(/malformed/);
    expect(() => parseSimulatorMainOptions([], { SIM_CHANNELS: 'a=1,a=2' })).toThrow(/"a" is given twice/);
    expect(() => parseSimulatorMainOptions(['--channel'], {})).toThrow(/--channel needs a value/);
    expect(() => parseSimulatorMainOptions(['--channel', '--port', '1'], {})).toThrow(/--channel needs a value/);
  });
});
