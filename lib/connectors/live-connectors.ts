import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ConnectorStates } from '../config/env.js';
import type { Connection } from '../connections/connections.repository.js';
import { ConfigError } from '../errors.js';
import type { TaskHandler } from '../queue/drain-queue.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { createTokenCipher, type TokenCipher } from '../shared/token-cipher.js';
import { TokenSession } from './auth/token-session.js';
import type { Connector, TaskDeps } from './connector.js';
import type { ConnectorRegistry } from './registry.js';

/** A connector with its client built for one runtime, and its task handlers. */
export interface LiveConnector {
  connector: Connector<unknown, unknown>;
  client: unknown;
  settings: unknown;
  /** Seals tokens before they are stored. */
  cipher: TokenCipher;
  /** The handler of a task kind, built once; undefined for a kind the connector does not have. */
  handler(kind: string): TaskHandler | undefined;
  openSession(connection: Connection): TokenSession;
}

export interface LiveConnectors {
  /** Every platform in the registry that is enabled. */
  enabled(): string[];
  /** The live connector; a disabled or unknown platform is a ConfigError (the operator must act). */
  get(platform: string): Promise<LiveConnector>;
}

export interface LiveConnectorsOptions {
  registry: ConnectorRegistry;
  states: ConnectorStates;
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  tokenEncryptionKey: Buffer | undefined;
}

/**
 * One cache per runtime, for every platform: a connector is loaded and its client built on
 * first use, then shared by every task of the instance (so one rate limiter paces them all).
 * A failed build is not cached, so a fixed setting takes effect on the next call.
 */
export function createLiveConnectors(options: LiveConnectorsOptions): LiveConnectors {
  const cache = new Map<string, Promise<LiveConnector>>();
  const enabled = () => [...options.registry.keys()].filter((platform) => options.states[platform]?.enabled);
  return {
    enabled,
    get(platform) {
      let live = cache.get(platform);
      if (!live) {
        live = build(options, platform);
        cache.set(platform, live);
        live.catch(() => cache.delete(platform));
      }
      return live;
    },
  };
}

async function build(options: LiveConnectorsOptions, platform: string): Promise<LiveConnector> {
  const entry = options.registry.get(platform);
  if (!entry) throw new ConfigError(`no connector for platform "${platform}"`);
  const state = options.states[platform];
  if (!state?.enabled) throw new ConfigError(`the ${platform} connector is not enabled (CONNECTORS)`);
  if (!options.tokenEncryptionKey) throw new ConfigError('TOKEN_ENCRYPTION_KEY must be set');
  const connector = await entry.load();
  const deps = {
    db: options.db,
    clock: options.clock,
    cipher: createTokenCipher(options.tokenEncryptionKey),
    logger: options.logger.child({ platform }),
    settings: state.settings,
  };
  const client = await connector.createClient(deps);
  const openSession = (connection: Connection) =>
    new TokenSession({ ...deps, refresh: (refreshToken) => connector.auth.refresh(client, refreshToken) }, connection);
  const taskDeps: TaskDeps<unknown, unknown> = { ...deps, client, openSession };
  const handlers = new Map<string, TaskHandler>();
  return {
    connector,
    client,
    settings: state.settings,
    cipher: deps.cipher,
    openSession,
    handler(kind) {
      const factory = connector.tasks[kind];
      if (!factory) return undefined;
      let handler = handlers.get(kind);
      if (!handler) handlers.set(kind, (handler = factory(taskDeps)));
      return handler;
    },
  };
}
