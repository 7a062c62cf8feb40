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
 *   --latency MS          SIM_LATENCY_MS  added to every response, default 0
 *   --rate N              SIM_RATE        requests per second per API before 429, default unlimited
 *   --data-daily-quota N  SIM_DATA_DAILY_QUOTA  Data API units per Pacific day before 403 quotaExceeded, default unlimited
 *   --client-id ID        SIM_CLIENT_ID   with --client-secret: the token endpoint checks client credentials
 *   --client-secret S     SIM_CLIENT_SECRET
 */
import { assignDefined, parseFaultRates, readFlags } from '../_shared/main-flags.js';
import type { YouTubeSimulatorServerOptions } from './server.js';

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

export function parseSimulatorMainOptions(argv: readonly string[], env: Record<string, string | undefined>): SimulatorMainOptions {
  const { raw, integer } = readFlags(FLAGS, argv, env);
  const faultRates = raw('fault-rates');
  const [clientId, clientSecret] = [raw('client-id'), raw('client-secret')];
  if ((clientId === undefined) !== (clientSecret === undefined)) throw new Error('--client-id and --client-secret go together');
  const options: SimulatorMainOptions = { port: integer('port', 0) ?? 8085, controlRoutes: true };
  if (faultRates !== undefined) options.faultRates = parseFaultRates(faultRates);
  const optional = { faultSeed: integer('seed', 0), faultTimeoutMs: integer('timeout-ms', 1), videosPerChannel: integer('videos', 1), latencyMs: integer('latency', 0), ratePerSecond: integer('rate', 1), dataDailyQuota: integer('data-daily-quota', 0), clientId, clientSecret };
  return assignDefined(options, optional);
}
