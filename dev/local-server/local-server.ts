/**
 * `npm start` in-process: serves the `api/` functions over node:http the way Vercel does,
 * fills in what a new user lacks (the YouTube, Etsy, Printify and Shopify simulators instead of
 * the vendors, generated secrets, an embedded SQLite database, migrated on start) and runs the
 * `vercel.json` crons.
 *
 * Settings travel the way they do on Vercel, through the environment: the server writes the
 * simulator URLs and generated secrets to `process.env` before the runtime (lib/runtime.ts)
 * is first built, and puts the environment back on close.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateToLatest } from '../../db/migrate.js';
import { loadConfig, settingsFor } from '../../lib/config/env.js';
import { etsyConfig } from '../../lib/connectors/etsy/etsy.config.js';
import { printifyConfig } from '../../lib/connectors/printify/printify.config.js';
import { shopifyConfig } from '../../lib/connectors/shopify/shopify.config.js';
import { youtubeConfig } from '../../lib/connectors/youtube/youtube.config.js';
import { closeRuntime, getRuntime, setRuntimeOptions } from '../../lib/runtime.js';
import { createLogger, type Logger } from '../../lib/shared/logger.js';
import type { EtsySimulatorOptions } from '../simulators/etsy/index.js';
import type { PrintifySimulatorOptions } from '../simulators/printify/index.js';
import type { ShopifySimulatorOptions } from '../simulators/shopify/index.js';
import { createYouTubeSimulator, type YouTubeSimulator, type YouTubeSimulatorOptions } from '../simulators/youtube/index.js';
import {
  createCommerceSimulators,
  ETSY_SIM_MOUNT,
  etsySimulatorEnv,
  PRINTIFY_SIM_MOUNT,
  printifySimulatorEnv,
  SHOPIFY_SIM_MOUNT,
  shopifySimulatorEnv,
  type CommerceSimulators,
} from './commerce-simulators.js';
import type { MountedSimulator } from './request-router.js';
import { createHandlerLoader } from './api-handlers.js';
import { discoverApiRoutes } from '../../scripts/vercel-output/api-routes.js';
import { startCronRunner, type CronRun, type CronRunner } from './cron-runner.js';
import { DEFAULT_DEV_SECRETS_FILE, ensureDevSecrets, missingDevSecrets } from './dev-secrets.js';
import { googleSimulatorEnv, SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET, SIMULATOR_MOUNT } from './google-simulator-settings.js';
import { overlayProcessEnv, type EnvEntries } from './process-env.js';
import { installRequestContext } from './request-context.js';
import { createRequestRouter } from './request-router.js';
import { startupBanner } from './startup-banner.js';
import { readVercelJson } from '../../scripts/vercel-output/vercel-json.js';

/** This repository: its `api/` folder and `vercel.json` are what the server runs by default. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LocalServerOptions {
  /** Default: PORT from the configuration (3000). 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the generated secrets guard admin endpoints, but a dev server stays off the network. */
  host?: string;
  /** Environment entries applied before anything is read (undefined removes one); restored on close. */
  env?: EnvEntries;
  /** Where generated secrets persist. Default `.data/dev-secrets.env` (relative to the working directory). */
  secretsFile?: string;
  /** Whose `api/` and `vercel.json` to serve. Default: this repository. */
  projectRoot?: string;
  /** Schedule the `vercel.json` crons. Default true; `triggerCron` works either way. */
  crons?: boolean;
  /** Passed to the YouTube simulator when it is mounted (latency, faults, quotas…). */
  simulator?: YouTubeSimulatorOptions;
  /** Passed to the Etsy simulator, mounted when ETSY_API_KEY is unset. */
  etsySimulator?: EtsySimulatorOptions;
  /** Passed to the Printify simulator, mounted when PRINTIFY_APP_ID and PRINTIFY_API_BASE_URL are unset. */
  printifySimulator?: PrintifySimulatorOptions;
  /** Passed to the Shopify simulator, mounted when SHOPIFY_API_KEY is unset. */
  shopifySimulator?: ShopifySimulatorOptions;
  /** Only warnings and errors are logged, and no banner is printed (tests). */
  quiet?: boolean;
  /** Where request, cron and error events go (JSON lines). Default: the console. */
  logger?: Logger;
  /** Where the human start-up banner goes. Default: console.log. */
  print?: (text: string) => void;
}

export interface LocalServer {
  /** e.g. `http://127.0.0.1:3000` */
  url: string;
  /** The mounted YouTube simulator, or undefined when Google settings were configured. */
  simulator: YouTubeSimulator | undefined;
  /** The other mounted simulators (undefined: the platform's settings were configured). */
  simulators: CommerceSimulators;
  /** Makes one cron call now, exactly as the schedule would. */
  triggerCron(path: string): Promise<CronRun>;
  /** Stops the crons, closes the HTTP server and the runtime, and restores the environment. */
  close(): Promise<void>;
}

/** The runtime is process-wide (one per warm function instance), so one local server per process. */
let active = false;

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  if (active) throw new Error('a local server is already running in this process (the runtime is process-wide)');
  active = true;
  const logger = options.logger ?? createLogger({ level: options.quiet ? 'error' : 'info' });
  const print = options.quiet ? () => {} : (options.print ?? ((text: string) => console.log(text)));
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const host = options.host ?? '127.0.0.1';
  const restoreEnv: (() => void)[] = [];
  const overlay = (entries: EnvEntries) => restoreEnv.push(overlayProcessEnv(entries));
  const ready = Promise.withResolvers<void>();
  ready.promise.catch(() => {}); // requests that wait on it handle the failure
  let server: Server | undefined;
  let cronRunner: CronRunner | undefined;
  let commerce: CommerceSimulators | undefined;
  const pending = new Set<Promise<unknown>>();
  const waitUntil = (promise: Promise<unknown>) => {
    const settled = promise.catch((error: unknown) => logger.error('http.wait_until_failed', { error })).finally(() => pending.delete(settled));
    pending.add(settled);
  };
  const uninstallRequestContext = installRequestContext();

  async function shutDown(): Promise<void> {
    await cronRunner?.stop();
    if (server) await closeHttpServer(server);
    await Promise.allSettled([...pending]);
    await closeRuntime();
    await commerce?.shopify?.close(); // its bulk result files
    uninstallRequestContext();
    for (const restore of restoreEnv.reverse()) restore();
    active = false;
  }

  try {
    // A runtime built earlier in this process would not see the settings applied below.
    await closeRuntime();
    overlay(options.env ?? {});
    const initial = loadConfig();
    const secretsFile = options.secretsFile ?? DEFAULT_DEV_SECRETS_FILE;
    const missing = missingDevSecrets(initial);
    const secrets = missing.length > 0 ? await ensureDevSecrets(secretsFile, missing) : undefined;
    if (secrets) overlay(secrets.values);

    const [routes, vercelJson] = await Promise.all([discoverApiRoutes(projectRoot), readVercelJson(projectRoot)]);
    const usesSimulator = settingsFor(initial, youtubeConfig).clientId === undefined;
    const simulator = usesSimulator
      ? createYouTubeSimulator({
          ...options.simulator,
          // Sign in as "bigchannel" to see a channel beyond the top-videos report's 200 (issue 15).
          channels: { bigchannel: { videos: 1500, activeVideos: 600, years: 4 }, ...options.simulator?.channels },
          clientId: SIMULATOR_CLIENT_ID,
          clientSecret: SIMULATOR_CLIENT_SECRET,
        })
      : undefined;
    commerce = createCommerceSimulators({
      etsy: options.etsySimulator,
      printify: options.printifySimulator,
      shopify: options.shopifySimulator,
      etsyOn: settingsFor(initial, etsyConfig).apiKey === undefined,
      printifyOn: usesPrintifySimulator(settingsFor(initial, printifyConfig)),
      shopifyOn: settingsFor(initial, shopifyConfig).apiKey === undefined,
    });
    const mounts: MountedSimulator[] = [
      ...(simulator ? [{ mount: SIMULATOR_MOUNT, name: 'YouTube', simulator }] : []),
      ...(commerce.etsy ? [{ mount: ETSY_SIM_MOUNT, name: 'Etsy', simulator: commerce.etsy }] : []),
      ...(commerce.printify ? [{ mount: PRINTIFY_SIM_MOUNT, name: 'Printify', simulator: commerce.printify }] : []),
      ...(commerce.shopify ? [{ mount: SHOPIFY_SIM_MOUNT, name: 'Shopify', simulator: commerce.shopify }] : []),
    ];
    let url = '';
    server = createServer(
      createRequestRouter({
        routes,
        loadHandler: createHandlerLoader(projectRoot),
        maxDurationOf: (route) => vercelJson.functions[route.file]?.maxDuration,
        simulators: mounts,
        publicDir: join(projectRoot, 'public'),
        baseUrl: () => url,
        ready: ready.promise,
        waitUntil,
        logger,
      }),
    );
    url = `http://${hostForUrl(host)}:${await listen(server, options.port ?? initial.port, host)}`;
    if (usesSimulator) overlay(googleSimulatorEnv(url));
    if (commerce.etsy) overlay(etsySimulatorEnv(url));
    if (commerce.printify) overlay(printifySimulatorEnv(url));
    if (commerce.shopify) overlay(shopifySimulatorEnv(url));

    setRuntimeOptions({ logger }); // the functions log where the server does
    const runtime = await getRuntime();
    const appliedMigrations = await migrateToLatest(runtime.database.db);
    ready.resolve();
    cronRunner = startCronRunner({
      baseUrl: url,
      crons: vercelJson.crons,
      cronSecret: runtime.config.cronSecret,
      schedule: options.crons ?? true,
      logger,
    });
    print(
      startupBanner({
        url,
        databaseUrl: runtime.config.databaseUrl,
        engine: runtime.database.engine,
        appliedMigrations,
        usesSimulator,
        simulated: mounts.map((m) => m.name),
        shopifyShops: commerce.shopify?.shops().map((shop) => shop.domain) ?? [],
        secretsFile: secrets ? secretsFile : undefined,
        generatedSecrets: secrets?.generated ?? [],
        functionPaths: routes.map((route) => route.path),
        crons: vercelJson.crons,
        cronsScheduled: options.crons ?? true,
      }),
    );
    const runner = cronRunner;
    let closing: Promise<void> | undefined;
    return { url, simulator, simulators: commerce, triggerCron: (path) => runner.trigger(path), close: () => (closing ??= shutDown()) };
  } catch (error) {
    ready.reject(error);
    await shutDown();
    throw error;
  }
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is in use; set PORT to another one`, { cause: error }) : error),
    );
    server.listen(port, host, resolve);
  });
  return (server.address() as AddressInfo).port;
}

function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections(); // keep-alive sockets and requests hanging on simulator faults
  });
}

/** A wildcard bind is reached through loopback; IPv6 literals need brackets in a URL. */
function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Printify needs no app for personal tokens: the simulator stands in unless an app or an API root was configured. */
function usesPrintifySimulator(settings: { appId: string | undefined; apiBaseUrl: string }): boolean {
  return settings.appId === undefined && new URL(settings.apiBaseUrl).host === 'api.printify.com';
}
