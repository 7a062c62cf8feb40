import { createDatabase, type SluiceDatabase } from '../db/create-database.js';
import { loadConfig, type Config } from './config/env.js';
import { createLiveConnectors, type LiveConnectors } from './connectors/live-connectors.js';
import { defaultRegistry, type ConnectorRegistry } from './connectors/registry.js';
import { detectClaimStrategy, type ClaimStrategy } from './queue/claim-strategy.js';
import { systemClock, type Clock } from './shared/clock.js';
import { createLogger, type Logger } from './shared/logger.js';

/** What every handler needs, built once per (warm) function instance. */
export interface Runtime {
  config: Config;
  database: SluiceDatabase;
  claimStrategy: ClaimStrategy;
  clock: Clock;
  logger: Logger;
  /** Every enabled platform's connector, loaded and built on first use. */
  connectors: LiveConnectors;
}

export interface RuntimeOptions {
  clock?: Clock;
  registry?: ConnectorRegistry;
  logger?: Logger;
}

let runtime: Promise<Runtime> | undefined;
let config: Config | undefined;

/** The process-wide configuration, parsed once. Cheap: no I/O, so edges can authorize first. */
export function getConfig(): Config {
  config ??= loadConfig();
  return config;
}

/**
 * The process-wide runtime, created on first use from the environment. A failure is not
 * cached, so a later request retries (e.g. once the database is reachable again).
 */
export function getRuntime(): Promise<Runtime> {
  runtime ??= createRuntime(getConfig()).catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel, now: () => clock.now() });
  // Serverless instances handle one request at a time: a small pool is enough.
  const database = await createDatabase(config.databaseUrl, { connectionLimit: config.dispatchConcurrency + 2 });
  const claimStrategy = await detectClaimStrategy(database.db, config.claimStrategy);
  const connectors = createLiveConnectors({
    registry: options.registry ?? defaultRegistry,
    states: config.connectors,
    db: database.db,
    clock,
    logger,
    tokenEncryptionKey: config.tokenEncryptionKey,
  });
  return { config, database, claimStrategy, clock, logger, connectors };
}

/** Closes the runtime's database (tests and the local server's shutdown). */
export async function closeRuntime(): Promise<void> {
  const current = runtime;
  runtime = undefined;
  config = undefined;
  if (current) await (await current).database.destroy();
}
