/**
 * Runs the simulator on its own: `npx tsx dev/simulators/youtube/main.ts [--port N]
 * [--fault-rates serverError=0.1,rateLimited=0.05,timeout=0.02] [--seed N] [--videos N]
 * [--latency MS] …` (every flag and its environment fallback: main-options.ts). Prints the URLs to
 * point the client packages at, and a code a human can paste. Serves `/__control/…` (stats,
 * ground truth) for a harness in another process: control-routes.ts.
 */
import { formatChannelSpec, parseSimulatorMainOptions } from './main-options.js';
import { startYouTubeSimulator } from './server.js';

let options;
try {
  options = parseSimulatorMainOptions(process.argv.slice(2), process.env);
} catch (error) {
  console.error(`youtube simulator: ${(error as Error).message}`);
  process.exit(2);
}
const simulator = await startYouTubeSimulator(options);
const faults = options.faultRates ? `${JSON.stringify(options.faultRates)} per Analytics request, seed ${options.faultSeed ?? 1}` : 'none (inject through the API in tests)';
console.log(`YouTube simulator on ${simulator.baseUrl}
  token endpoint   POST ${simulator.oauthTokenUrl}  (try code=sim-code-<channelName>)
  consent page     GET  ${simulator.oauthAuthUrl}?redirect_uri=…&state=…
  Data API root    ${simulator.dataRootUrl}   (youtube/v3/channels, playlists, playlistItems; ${options.dataDailyQuota ?? 'unlimited'} units/day)
  Analytics root   ${simulator.analyticsRootUrl}   (GET v2/reports)
  random faults    ${faults}
  channels         ${Object.entries(options.channels ?? {}).map(([name, spec]) => formatChannelSpec(name, spec)).join(', ') || 'none configured'}; every other one has ${options.videosPerChannel ?? 12} videos
  control          GET ${simulator.baseUrl}/__control/stats, /__control/ground-truth?channel_id=&start_date=&end_date=,
                   /__control/playlists?channel_id=, /__control/data-units, … (control-routes.ts)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void simulator.close().then(() => process.exit(0)));
