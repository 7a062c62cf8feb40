/**
 * The command line of the simulator run as its own process (main.ts): flags, each with an
 * environment fallback, parsed into the simulator's options. Pure, so a bad value fails with its
 * name before anything listens.
 *
 *   --port N              PORT            default 8085 (0: any free port)
 *   --fault-rates LIST    SIM_FAULT_RATES e.g. serverError=0.1,rateLimited=0.05,timeout=0.02 (per Analytics request)
 *   --seed N              SIM_SEED        seed of the random faults, default 1
 *   --timeout-ms MS       SIM_TIMEOUT_MS  how long a random timeout hangs before dropping the socket, default 11000
 *   --videos N            SIM_VIDEOS      videos per channel, default 12
 *   --channel NAME=VIDEOS[:ACTIVE[:YEARS]]  SIM_CHANNELS (comma-separated list of the same)
 *                         repeatable: the channel named so (as in sim-code-NAME) has VIDEOS videos,
 *                         ACTIVE of them with views on most days (default all), published over YEARS
 *                         years (default 1); given flags replace the variable's list
 *   --latency MS          SIM_LATENCY_MS  added to every response, default 0
 *   --rate N              SIM_RATE        requests per second per API before 429, default unlimited
 *   --data-daily-quota N  SIM_DATA_DAILY_QUOTA  Data API units per Pacific day before 403 quotaExceeded, default unlimited
 *   --client-id ID        SIM_CLIENT_ID   with --client-secret: the token endpoint checks client credentials
 *   --client-secret S     SIM_CLIENT_SECRET
 */
import { assignDefined, parseFaultRates, readFlags } from '../_shared/main-flags.js';
import type { YouTubeSimulatorServerOptions } from './server.js';
import type { ChannelSpec } from './types.js';

const FLAGS = {
  port: { env: 'PORT' },
  'fault-rates': { env: 'SIM_FAULT_RATES' },
  seed: { env: 'SIM_SEED' },
  'timeout-ms': { env: 'SIM_TIMEOUT_MS' },
  videos: { env: 'SIM_VIDEOS' },
  latency: { env: 'SIM_LATENCY_MS' },
  rate: { env: 'SIM_RATE' },
  'data-daily-quota': { env: 'SIM_DATA_DAILY_QUOTA' },
  'client-id': { env: 'SIM_CLIENT_ID' },
  'client-secret': { env: 'SIM_CLIENT_SECRET' },
} as const;

export { parseFaultRates };

export interface SimulatorMainOptions extends YouTubeSimulatorServerOptions {
  port: number;
}

const CHANNEL_FLAG = '--channel';

/** The values of the repeatable `--channel` (as `--channel X` or `--channel=X`), and the other arguments. */
function takeChannelFlags(argv: readonly string[]): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === CHANNEL_FLAG) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`${CHANNEL_FLAG} needs a value NAME=VIDEOS[:ACTIVE[:YEARS]]`);
      values.push(value);
    } else if (arg.startsWith(`${CHANNEL_FLAG}=`)) values.push(arg.slice(CHANNEL_FLAG.length + 1));
    else rest.push(arg);
  }
  return { values, rest };
}

/** `NAME=VIDEOS[:ACTIVE[:YEARS]]` → [name, spec]; anything else throws saying what is wrong. */
export function parseChannelSpec(text: string): [string, ChannelSpec] {
  const fail = (why: string): never => {
    throw new Error(`--channel (SIM_CHANNELS): "${text}" ${why}; expected NAME=VIDEOS[:ACTIVE[:YEARS]], e.g. bigchannel=1500:600:4`);
  };
  const match = /^([^=,\s]+)=(\d+)(?::(\d+)(?::(\d+))?)?$/.exec(text.trim());
  if (!match) return fail('is malformed');
  const [, name = '', videos, active, years] = match;
  const spec: ChannelSpec = { videos: Number(videos) };
  if (spec.videos < 1) fail('has VIDEOS below 1');
  if (active !== undefined) spec.activeVideos = Number(active);
  if (spec.activeVideos !== undefined && spec.activeVideos > spec.videos) fail('has ACTIVE above VIDEOS');
  if (years !== undefined) spec.years = Number(years);
  if (spec.years !== undefined && spec.years < 1) fail('has YEARS below 1');
  return [name, spec];
}

/** The `--channel` value that parseChannelSpec reads back as (name, spec). */
export function formatChannelSpec(name: string, { videos, activeVideos, years }: ChannelSpec): string {
  const active = activeVideos ?? (years === undefined ? undefined : videos);
  return [`${name}=${videos}`, ...(active === undefined ? [] : [active]), ...(years === undefined ? [] : [years])].join(':');
}

/** The channels of `--channel` flags, else of SIM_CHANNELS; undefined when neither is given. */
export function parseChannels(flagValues: readonly string[], envValue: string | undefined): Record<string, ChannelSpec> | undefined {
  const entries = flagValues.length > 0 ? flagValues : (envValue ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return undefined;
  const channels: Record<string, ChannelSpec> = {};
  for (const [name, spec] of entries.map(parseChannelSpec)) {
    if (Object.hasOwn(channels, name)) throw new Error(`--channel (SIM_CHANNELS): channel "${name}" is given twice`);
    channels[name] = spec;
  }
  return channels;
}

export function parseSimulatorMainOptions(argv: readonly string[], env: Record<string, string | undefined>): SimulatorMainOptions {
  const channelFlags = takeChannelFlags(argv);
  const { raw, integer } = readFlags(FLAGS, channelFlags.rest, env);
  const faultRates = raw('fault-rates');
  const [clientId, clientSecret] = [raw('client-id'), raw('client-secret')];
  if ((clientId === undefined) !== (clientSecret === undefined)) throw new Error('--client-id and --client-secret go together');
  const options: SimulatorMainOptions = { port: integer('port', 0) ?? 8085, controlRoutes: true };
  if (faultRates !== undefined) options.faultRates = parseFaultRates(faultRates);
  const channels = parseChannels(channelFlags.values, env.SIM_CHANNELS || undefined);
  const optional = { channels, faultSeed: integer('seed', 0), faultTimeoutMs: integer('timeout-ms', 1), videosPerChannel: integer('videos', 1), latencyMs: integer('latency', 0), ratePerSecond: integer('rate', 1), dataDailyQuota: integer('data-daily-quota', 0), clientId, clientSecret };
  return assignDefined(options, optional);
}
