/**
 * Runs the simulator on its own: `npx tsx dev/simulators/youtube/main.ts` (PORT=… to choose the port).
 * Prints the URLs to point the client packages at, and a code a human can paste.
 */
import { startYouTubeSimulator } from './server.js';

const simulator = await startYouTubeSimulator({ port: Number(process.env['PORT'] ?? 8085) });
console.log(`YouTube simulator on ${simulator.baseUrl}
  token endpoint   POST ${simulator.oauthTokenUrl}  (try code=sim-code-<channelName>)
  consent page     GET  ${simulator.oauthAuthUrl}?redirect_uri=…&state=…
  Data API root    ${simulator.dataRootUrl}   (GET youtube/v3/channels)
  Analytics root   ${simulator.analyticsRootUrl}   (GET v2/reports)`);
process.once('SIGINT', () => void simulator.close().then(() => process.exit(0)));
