import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ConnectorStates } from '../config/env.js';
import { getConnection, type Connection } from '../connections/connections.repository.js';
import { jobTypeOf } from '../jobs/backfill-jobs.repository.js';
import { ConfigError, PermanentError, ReauthRequiredError } from '../errors.js';
import type { TaskHandler } from '../queue/drain-queue.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { createTokenCipher, type TokenCipher } from '../shared/token-cipher.js';
import { TokenSession } from './auth/token-session.js';
import { retryTransient } from './http/retry-transient.js';
import type { TokenSet } from './auth/token-set.js';
import { BACKFILL_JOB_TYPES, type Connector, type ConnectorDeps, type ConnectorTaskHandler } from './connector.js';
import { createBudgetGate, type LimitsCache } from '../budgets/budget-gate.js';
import { runAsSpender } from '../budgets/spender.js';
import { budgetAccountKeyOf } from '../budgets/budget-account.js';
import type { ConnectorRegistry } from './registry.js';

/** A connector's module and settings: enough to plan its jobs, with no vendor code loaded. */
export interface ConnectorDefinition {
  connector: Connector<unknown, unknown, unknown>;
  settings: unknown;
}

/** A connector with its client built for one runtime, and its task handlers. */
export interface LiveConnector extends ConnectorDefinition {
  client: unknown;
  /** Seals tokens before they are stored. */
  cipher: TokenCipher;
  /** The handler of a task kind, built once; undefined for a kind the connector does not have. */
  handler(kind: string): TaskHandler | undefined;
  /** A token session for a connection outside any task (a preview's reads): refreshes and guards its grant as a task's does. */
  session(connection: Connection): TokenSession;
}

export interface LiveConnectors {
  /** Every platform in the registry, enabled or not. */
  known(): string[];
  /** Every platform in the registry that is enabled. */
  enabled(): string[];
  /** The connector module and settings, without building its client (planning, schedules). */
  definition(platform: string): Promise<ConnectorDefinition>;
  /** The connector with its client (tasks, account connection). */
  get(platform: string): Promise<LiveConnector>;
}

export interface LiveConnectorsOptions {
  registry: ConnectorRegistry;
  states: ConnectorStates;
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  tokenEncryptionKey: Buffer | undefined;
  /** The limits in force (the admin's rate-limit config), which every budget gate reads. */
  limits: LimitsCache;
}

/**
 * One cache per runtime, for every platform: a connector module is loaded on first use, and
 * its client — where the vendor's packages load — only when a task or an account connection
 * needs it; both are then shared by the instance (its calls spend the shared budgets). A
 * disabled or unknown platform is a ConfigError: the operator must act. A failed build is not
 * cached, so a fixed setting takes effect on the next call.
 */
export function createLiveConnectors(options: LiveConnectorsOptions): LiveConnectors {
  const definitions = new Map<string, Promise<ConnectorDefinition>>();
  const lives = new Map<string, Promise<LiveConnector>>();
  const enabled = () => [...options.registry.keys()].filter((platform) => options.states[platform]?.enabled);
  const definition = (platform: string) => cached(definitions, platform, () => loadDefinition(options, platform));
  return {
    known: () => [...options.registry.keys()],
    enabled,
    definition,
    get: (platform) =>
      cached(lives, platform, async () => {
        const found = await definition(platform);
        return build(options, found);
      }),
  };
}

function cached<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
    value.catch(() => cache.delete(key));
  }
  return value;
}

async function loadDefinition(options: LiveConnectorsOptions, platform: string): Promise<ConnectorDefinition> {
  const entry = options.registry.get(platform);
  if (!entry) throw new ConfigError(`no connector for platform "${platform}"`);
  const state = options.states[platform];
  if (!state?.enabled) throw new ConfigError(`the ${platform} connector is not enabled (CONNECTORS)`);
  return { connector: await entry.load(), settings: state.settings };
}

async function build(options: LiveConnectorsOptions, { connector, settings }: ConnectorDefinition): Promise<LiveConnector> {
  if (!options.tokenEncryptionKey) throw new ConfigError('TOKEN_ENCRYPTION_KEY must be set');
  const logger = options.logger.child({ platform: connector.platform });
  const deps: ConnectorDeps<unknown> = {
    db: options.db,
    clock: options.clock,
    cipher: createTokenCipher(options.tokenEncryptionKey),
    logger,
    settings,
    budgets: createBudgetGate({ db: options.db, clock: options.clock, logger, specs: connector.budgets(settings), limits: options.limits }),
  };
  const client = await connector.createClient(deps);
  const refresh = (refreshToken: string, accountId: string) => connector.auth.refresh(client, refreshToken, { accountId });
  const handlers = new Map<string, TaskHandler>();
  return {
    connector,
    settings,
    client,
    cipher: deps.cipher,
    session: (connection) =>
      new TokenSession({ db: deps.db, cipher: deps.cipher, clock: deps.clock, refresh: (refreshToken) => refresh(refreshToken, connection.externalAccountId) }, connection),
    handler(kind) {
      const factory = connector.tasks[kind];
      if (!factory) return undefined;
      let handler = handlers.get(kind);
      if (!handler) handlers.set(kind, (handler = withConnection(deps, refresh, factory({ ...deps, client }), connector.budgetsPerGrant ?? false)));
      return handler;
    },
  };
}

/**
 * What every connector task needs first, done once here: its connection (loaded fresh, so a
 * reconnect or a lost grant is seen), refused while it is not active, a token session, and
 * who spends the budgets (the account, whether its job is a backfill, its deadline).
 */
function withConnection(deps: ConnectorDeps<unknown>, refresh: (refreshToken: string, accountId: string) => Promise<TokenSet>, handle: ConnectorTaskHandler, budgetsPerGrant: boolean): TaskHandler {
  return async (task, context) => {
    if (task.connectionId === null) throw new PermanentError(`task ${task.id} (${task.kind}) names no connection`);
    const [connection, jobType] = await Promise.all([getConnection(deps.db, task.connectionId), task.jobId === null ? undefined : jobTypeOf(deps.db, task.jobId)]);
    if (!connection) throw new PermanentError(`connection ${task.connectionId} no longer exists`);
    if (connection.status !== 'active') throw new ReauthRequiredError(`connection ${connection.id} is ${connection.status}`);
    const session = new TokenSession({ db: deps.db, cipher: deps.cipher, clock: deps.clock, refresh: (refreshToken) => refresh(refreshToken, connection.externalAccountId) }, connection);
    const callOnce = <T>(run: (accessToken: string) => Promise<T>) => {
      context.signal.throwIfAborted(); // the lease was taken: no call for work another worker owns
      return session.call(run);
    };
    const call = <T>(run: (accessToken: string) => Promise<T>) => retryTransient(() => callOnce(run), { deadline: context.deadline, clock: deps.clock, random: Math.random });
    const spender = { accountKey: budgetAccountKeyOf(connection, budgetsPerGrant), backfill: jobType !== undefined && BACKFILL_JOB_TYPES.includes(jobType), deadline: context.deadline, signal: context.signal };
    await runAsSpender(spender, () => handle(task, { ...context, connection, session, call, callOnce }));
  };
}
