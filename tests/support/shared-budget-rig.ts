/**
 * Several dispatcher invocations at once, as on Vercel (crons overlapping, manual dispatches
 * beside them): each its own runtime and database pool on the same DATABASE_URL and config,
 * all on one shifted clock, against one YouTube simulator over HTTP (the real Google client
 * packages). The simulator's quota day follows the shared clock, so moving the clock past
 * midnight Pacific resets the vendor's quota and Sluice's windows together.
 */
import { startYouTubeSimulator, type RunningYouTubeSimulator, type YouTubeSimulatorOptions } from '../../dev/simulators/youtube/index.js';
import { connectAccount } from '../../lib/accounts/connect-account.js';
import { loadConfig } from '../../lib/config/env.js';
import { YOUTUBE_TIME_ZONE, pacificDate } from '../../lib/connectors/youtube/youtube-calendar.js';
import { dispatch, type DispatchSummary } from '../../lib/dispatcher/dispatch.js';
import { createRuntime, type Runtime } from '../../lib/runtime.js';
import { silentLogger } from '../../lib/shared/logger.js';
import { nextZonedDayStart, zonedDayStart } from '../../lib/shared/zoned-day.js';
import { shiftedClock, TOKEN_KEY, type ShiftedClock } from './stepped-rig.js';
import { createTestDatabase, type TestDatabase, type TestEngine } from './test-databases.js';

export interface SharedBudgetRig {
  sim: RunningYouTubeSimulator;
  database: TestDatabase;
  /** Every runtime's clock; starts at noon Pacific, so that no test crosses a quota day by accident. */
  clock: ShiftedClock;
  runtimes: Runtime[];
  /** Connects the tenant's channel as the OAuth exchange does (which starts its initial backfill). */
  connect(tenantId: string): Promise<{ connectionId: number; channelId: string; jobId: number | null }>;
  /** Every runtime dispatches at once, each until nothing is ready (or `seconds` pass). */
  dispatchAll(seconds?: number): Promise<DispatchSummary[]>;
  /** Moves the clock to just after the next midnight Pacific: a new quota day for Sluice and the simulator. */
  nextPacificDay(): void;
  close(): Promise<void>;
}

export interface SharedBudgetRigOptions {
  invocations: number;
  /** Environment on top of the rig's (credentials, the simulator's URLs, CONNECTORS=youtube). */
  env: Record<string, string>;
  simulator?: Omit<YouTubeSimulatorOptions, 'clientId' | 'clientSecret' | 'today'>;
}

const CLIENT = { id: 'budget-client', secret: 'budget-secret' };
const HOUR_MS = 3_600_000;

export async function startSharedBudgetRig(engine: TestEngine, options: SharedBudgetRigOptions): Promise<SharedBudgetRig> {
  const clock = shiftedClock();
  clock.advance(zonedDayStart(clock.now(), YOUTUBE_TIME_ZONE).getTime() + 12 * HOUR_MS - clock.now().getTime());
  const sim = await startYouTubeSimulator({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    // Tokens outlive the days a test moves the clock on: no refresh before every call.
    accessTokenTtlSeconds: 7 * 24 * 3_600,
    ...options.simulator,
    today: () => pacificDate(clock.now()),
  });
  const database = await createTestDatabase(engine);
  const config = loadConfig({
    DATABASE_URL: database.url,
    TOKEN_ENCRYPTION_KEY: TOKEN_KEY,
    CONNECTORS: 'youtube',
    GOOGLE_CLIENT_ID: CLIENT.id,
    GOOGLE_CLIENT_SECRET: CLIENT.secret,
    GOOGLE_OAUTH_TOKEN_URL: sim.oauthTokenUrl,
    YOUTUBE_ANALYTICS_ROOT_URL: sim.analyticsRootUrl,
    YOUTUBE_DATA_ROOT_URL: sim.dataRootUrl,
    ...options.env,
  });
  const runtimes = await Promise.all(Array.from({ length: options.invocations }, () => createRuntime(config, { logger: silentLogger, clock })));
  // Each runtime builds its Google clients now: built in the middle of a dispatch, that
  // synchronous work would stall the event loop the simulator shares, and delay its arrivals.
  await Promise.all(runtimes.map((runtime) => runtime.connectors.get('youtube')));
  return {
    sim,
    database,
    clock,
    runtimes,
    async connect(tenantId) {
      const connected = await connectAccount(runtimes[0]!, 'youtube', tenantId, { code: sim.issueCode(tenantId) });
      return { connectionId: connected.connection_id, channelId: connected.account_id, jobId: connected.job_id };
    },
    dispatchAll(seconds = 25) {
      const deadline = new Date(clock.now().getTime() + seconds * 1_000);
      return Promise.all(runtimes.map((runtime) => dispatch(runtime, deadline)));
    },
    nextPacificDay() {
      clock.advance(nextZonedDayStart(clock.now(), YOUTUBE_TIME_ZONE).getTime() + 1_000 - clock.now().getTime());
    },
    async close() {
      await Promise.all(runtimes.map((runtime) => runtime.database.destroy()));
      await sim.close();
      await database.drop();
    },
  };
}
