import { attachDatabasePool } from '@vercel/functions/db-connections';
import type { Pool } from 'mysql2';
import { createDatabase, type SluiceDatabase } from '../db/create-database.js';
import { createLimitsCache, type LimitsCache } from './budgets/budget-gate.js';
import { loadRateLimits } from './budgets/rate-limit-config.service.js';
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
  /** The budgets' limits in force (the admin's rate-limit config over the defaults), read at most once a second. */
  limits: LimitsCache;
}

export interface RuntimeOptions {
  clock?: Clock;
  registry?: ConnectorRegistry;
  logger?: Logger;
}

let runtime: Promise<Runtime> | undefined;
let config: Config | undefined;
let processOptions: RuntimeOptions = {};

/**
 * Options for the process-wide runtime, for an entry point that hosts the functions (the local
 * server hands it its logger, so every event goes to one place). Takes effect on the next
 * runtime built; closeRuntime() clears it.
 */
export function setRuntimeOptions(options: RuntimeOptions): void {
  processOptions = options;
}

let defaultLogger: Logger | undefined;

/**
 * Where the process logs before (or without) a runtime: the hosting entry point's logger, else
 * one at LOG_LEVEL (info when the configuration does not load: that failure must be seen).
 */
export function processLogger(): Logger {
  if (processOptions.logger) return processOptions.logger;
  if (!defaultLogger) {
    let level: Config['logLevel'] = 'info';
    try {
      level = getConfig().logLevel;
    } catch {
      // the configuration error itself is logged by the caller
    }
    defaultLogger = createLogger({ level });
  }
  return defaultLogger;
}

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
  runtime ??= createRuntime(getConfig(), processOptions).catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

/**
 * A pooled MySQL connection idle this long is closed. Under Fluid compute an instance is
 * suspended between invocations and cannot close anything then, so connections must not
 * outlive the invocations that use them by much.
 */
export const POOL_IDLE_TIMEOUT_MS = 5_000;

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel, now: () => clock.now() });
  // A dispatch runs DISPATCH_CONCURRENCY lanes, plus its progress and summary queries.
  // attachDatabasePool (@vercel/functions,
  // https://vercel.com/docs/functions/functions-api-reference/vercel-functions-package)
  // keeps the invocation alive (waitUntil) after each release until idle connections can
  // have closed, so none is left open in a suspended instance; outside Vercel it only listens.
  const database = await createDatabase(config.databaseUrl, {
    connectionLimit: config.dispatchConcurrency + 2,
    idleTimeoutMs: POOL_IDLE_TIMEOUT_MS,
    onPool: attachMysql2Pool,
  });
  const claimStrategy = await detectClaimStrategy(database.db, config.claimStrategy);
  // The limits are read through the runtime (they need its connectors' budget specs).
  const limits = createLimitsCache(() => loadRateLimits(runtime), clock);
  const connectors = createLiveConnectors({
    registry: options.registry ?? defaultRegistry,
    states: config.connectors,
    db: database.db,
    clock,
    logger,
    tokenEncryptionKey: config.tokenEncryptionKey,
    limits,
  });
  const runtime: Runtime = { config, database, claimStrategy, clock, logger, connectors, limits };
  return runtime;
}

/**
 * attachDatabasePool (3.9.9) mistakes a mysql2 pool for the `mysql` package's, since it looks
 * for `config.connectionConfig` first, and reads an idle timeout mysql2 keeps elsewhere: each
 * release then holds the invocation open 60 s (up to its deadline) instead of 5. Handed the
 * mysql2 shape it documents (`config.idleTimeout`, `on('release')`), it waits the pool's own.
 */
function attachMysql2Pool(pool: Pool): void {
  const { idleTimeout = POOL_IDLE_TIMEOUT_MS } = pool.config as { idleTimeout?: number };
  // mysql2 closes idle connections in a sweep that runs once a second, and only those idle
  // longer than idleTimeout: hold the invocation one sweep longer, or it is suspended with
  // the socket still open.
  attachDatabasePool({ config: { idleTimeout: idleTimeout + MYSQL2_IDLE_SWEEP_MS }, on: (event: 'release', listener: () => void) => void pool.on(event, listener) });
}

/** mysql2's `_removeIdleTimeoutConnections` runs every second (lib/base/pool.js). */
const MYSQL2_IDLE_SWEEP_MS = 1_000;

/** Closes the runtime's database (tests and the local server's shutdown). */
export async function closeRuntime(): Promise<void> {
  const current = runtime;
  runtime = undefined;
  config = undefined;
  processOptions = {};
  defaultLogger = undefined;
  if (current) await (await current).database.destroy();
}
