import * as z from 'zod';
import { CLAIM_STRATEGIES } from '../queue/claim-strategy.js';
import { ConfigError } from '../errors.js';
import type { ConnectorConfig } from '../connectors/connector-config.js';
import { defaultRegistry, type ConnectorRegistry } from '../connectors/registry.js';
import { integer, optionalText } from './env-schema.js';

/**
 * The one place `process.env` is read (DESIGN.md, Contracts). Everything else receives a
 * `Config`. The schema is the core settings plus every registered connector's fragment, so
 * one parse names every problem at once.
 */
const base64Key = z.string().refine((value) => Buffer.from(value, 'base64').length === 32, {
  message: 'must be 32 bytes encoded as base64 (generate one: openssl rand -base64 32)',
});

const coreSchema = {
  DATABASE_URL: z.string().trim().min(1).default('file:./.data/sluice.db'),
  /** The database a guarded data backfill's health phase checks (e.g. production); an approval's database_url overrides it. */
  HEALTH_DATABASE_URL: z.string().trim().min(1).optional(),
  PORT: integer('PORT').pipe(z.number().int().min(1).max(65_535)).default(3000),
  CRON_SECRET: optionalText,
  ADMIN_TOKEN: optionalText,
  TOKEN_ENCRYPTION_KEY: optionalText.pipe(base64Key.optional()),
  /**
   * Comma-separated platforms to run. Unset: every connector locally; in production, those
   * whose credentials are set. Production requires an enabled connector's secrets.
   */
  CONNECTORS: optionalText,
  /** Tasks one dispatcher invocation runs at once. */
  DISPATCH_CONCURRENCY: integer('DISPATCH_CONCURRENCY').pipe(z.number().int().min(1).max(64)).default(4),
  /** Force a claim strategy (e.g. conditional-update on TiDB behind a proxy that hides its version). */
  QUEUE_CLAIM_STRATEGY: z.enum(CLAIM_STRATEGIES).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  VERCEL_ENV: optionalText,
  NODE_ENV: optionalText,
};

export interface ConnectorState<Settings = unknown> {
  enabled: boolean;
  settings: Settings;
}

export type ConnectorStates = Readonly<Record<string, ConnectorState | undefined>>;

export interface Config {
  databaseUrl: string;
  healthDatabaseUrl: string | undefined;
  port: number;
  cronSecret: string | undefined;
  adminToken: string | undefined;
  tokenEncryptionKey: Buffer | undefined;
  /** Per platform of the registry: whether it runs, and its settings. */
  connectors: ConnectorStates;
  dispatchConcurrency: number;
  claimStrategy: (typeof CLAIM_STRATEGIES)[number] | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  production: boolean;
}

export function loadConfig(env: Record<string, string | undefined> = process.env, registry: ConnectorRegistry = defaultRegistry): Config {
  const fragments = [...registry.values()].map((entry) => entry.config);
  const schema = z.object(Object.assign({}, coreSchema, ...fragments.map((fragment) => fragment.env)) as typeof coreSchema);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration — ${problems.join('; ')}`);
  }
  const e = parsed.data as z.infer<z.ZodObject<typeof coreSchema>> & Record<string, unknown>;
  const production = e.VERCEL_ENV === 'production' || e.NODE_ENV === 'production';
  const enabled = enabledPlatforms(e.CONNECTORS, fragments, e, production);
  const config: Config = {
    databaseUrl: e.DATABASE_URL,
    healthDatabaseUrl: e.HEALTH_DATABASE_URL,
    port: e.PORT,
    cronSecret: e.CRON_SECRET,
    adminToken: e.ADMIN_TOKEN,
    tokenEncryptionKey: e.TOKEN_ENCRYPTION_KEY ? Buffer.from(e.TOKEN_ENCRYPTION_KEY, 'base64') : undefined,
    connectors: Object.fromEntries(fragments.map((fragment) => [fragment.platform, { enabled: enabled.has(fragment.platform), settings: fragment.settings(e) }])),
    dispatchConcurrency: e.DISPATCH_CONCURRENCY,
    claimStrategy: e.QUEUE_CLAIM_STRATEGY,
    logLevel: e.LOG_LEVEL,
    production,
  };
  if (production) {
    // A deployment whose credentials went missing must not boot with its platforms silently off.
    if (enabled.size === 0) {
      const hint = fragments.map((f) => `${f.platform}: ${f.secrets.join(', ')}`).join('; ');
      throw new ConfigError(`no connector is enabled in production: set CONNECTORS and each enabled connector's credentials (${hint})`);
    }
    requireProductionSecrets(config, fragments.filter((fragment) => enabled.has(fragment.platform)), e);
  }
  return config;
}

/** A connector's settings, typed by its fragment. */
export function settingsFor<Settings>(config: Config, fragment: ConnectorConfig<any, Settings>): Settings {
  const state = config.connectors[fragment.platform];
  if (!state) throw new ConfigError(`no connector "${fragment.platform}" in this configuration`);
  return state.settings as Settings;
}

function enabledPlatforms(list: string | undefined, fragments: readonly ConnectorConfig[], env: Record<string, unknown>, production: boolean): Set<string> {
  const known = fragments.map((fragment) => fragment.platform);
  if (list === undefined) {
    // Locally every connector runs (against its simulator when it has no credentials).
    return new Set(fragments.filter((f) => !production || f.secrets.some((name) => env[name] !== undefined)).map((f) => f.platform));
  }
  const named = list.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = named.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new ConfigError(`invalid configuration — CONNECTORS: unknown platform(s) ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return new Set(named);
}

function requireProductionSecrets(config: Config, enabled: readonly ConnectorConfig[], env: Record<string, unknown>): void {
  const core: [string, unknown][] = [
    ['CRON_SECRET', config.cronSecret],
    ['ADMIN_TOKEN', config.adminToken],
    ['TOKEN_ENCRYPTION_KEY', config.tokenEncryptionKey],
  ];
  const missing = [...core, ...enabled.flatMap((fragment) => fragment.secrets.map((name): [string, unknown] => [name, env[name]]))]
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  if (missing.length > 0) throw new ConfigError(`missing required production settings: ${missing.join(', ')}`);
}
