import { z } from 'zod';
import { CLAIM_STRATEGIES } from '../queue/claim-strategy.js';
import { ConfigError } from '../errors.js';

/**
 * The one place `process.env` is read (DESIGN.md, Contracts). Everything else receives a
 * `Config`. Parsing fails fast with every problem named.
 */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const base64Key = z.string().refine((value) => Buffer.from(value, 'base64').length === 32, {
  message: 'must be 32 bytes encoded as base64 (generate one: openssl rand -base64 32)',
});

const integer = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, `${name} must be a whole number`)
    .transform(Number);

const envSchema = z.object({
  DATABASE_URL: z.string().trim().min(1).default('file:./.data/sluice.db'),
  PORT: integer('PORT').pipe(z.number().int().min(1).max(65_535)).default(3000),
  CRON_SECRET: optionalText,
  ADMIN_TOKEN: optionalText,
  TOKEN_ENCRYPTION_KEY: optionalText.pipe(base64Key.optional()),
  GOOGLE_CLIENT_ID: optionalText,
  GOOGLE_CLIENT_SECRET: optionalText,
  GOOGLE_REDIRECT_URI: optionalText,
  GOOGLE_OAUTH_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  YOUTUBE_ANALYTICS_ROOT_URL: z.url().default('https://youtubeanalytics.googleapis.com/'),
  YOUTUBE_DATA_ROOT_URL: z.url().default('https://youtube.googleapis.com/'),
  /** Clamped, not rejected, when out of range (DESIGN.md): 7..365. */
  YOUTUBE_BACKFILL_DAYS: integer('YOUTUBE_BACKFILL_DAYS')
    .transform((days) => Math.min(365, Math.max(7, days)))
    .default(84),
  /** Requests per second Sluice allows itself against each YouTube API, per invocation. */
  YOUTUBE_REQUESTS_PER_SECOND: integer('YOUTUBE_REQUESTS_PER_SECOND').pipe(z.number().int().min(1).max(1_000)).default(10),
  /** Tasks one dispatcher invocation runs at once. */
  DISPATCH_CONCURRENCY: integer('DISPATCH_CONCURRENCY').pipe(z.number().int().min(1).max(64)).default(4),
  /** Force a claim strategy (e.g. conditional-update on TiDB behind a proxy that hides its version). */
  QUEUE_CLAIM_STRATEGY: z.enum(CLAIM_STRATEGIES).optional(),
  VERCEL_ENV: optionalText,
  NODE_ENV: optionalText,
});

export interface Config {
  databaseUrl: string;
  port: number;
  cronSecret: string | undefined;
  adminToken: string | undefined;
  tokenEncryptionKey: Buffer | undefined;
  google: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    redirectUri: string | undefined;
    tokenUrl: string;
    analyticsRootUrl: string;
    dataRootUrl: string;
  };
  youtube: { backfillDays: number; requestsPerSecond: number };
  dispatchConcurrency: number;
  claimStrategy: (typeof CLAIM_STRATEGIES)[number] | undefined;
  production: boolean;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration — ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const production = e.VERCEL_ENV === 'production' || e.NODE_ENV === 'production';
  const config: Config = {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    cronSecret: e.CRON_SECRET,
    adminToken: e.ADMIN_TOKEN,
    tokenEncryptionKey: e.TOKEN_ENCRYPTION_KEY ? Buffer.from(e.TOKEN_ENCRYPTION_KEY, 'base64') : undefined,
    google: {
      clientId: e.GOOGLE_CLIENT_ID,
      clientSecret: e.GOOGLE_CLIENT_SECRET,
      redirectUri: e.GOOGLE_REDIRECT_URI,
      tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL,
      analyticsRootUrl: withTrailingSlash(e.YOUTUBE_ANALYTICS_ROOT_URL),
      dataRootUrl: withTrailingSlash(e.YOUTUBE_DATA_ROOT_URL),
    },
    youtube: { backfillDays: e.YOUTUBE_BACKFILL_DAYS, requestsPerSecond: e.YOUTUBE_REQUESTS_PER_SECOND },
    dispatchConcurrency: e.DISPATCH_CONCURRENCY,
    claimStrategy: e.QUEUE_CLAIM_STRATEGY,
    production,
  };
  if (production) requireProductionSecrets(config);
  return config;
}

function requireProductionSecrets(config: Config): void {
  const missing = [
    ['CRON_SECRET', config.cronSecret],
    ['ADMIN_TOKEN', config.adminToken],
    ['TOKEN_ENCRYPTION_KEY', config.tokenEncryptionKey],
    ['GOOGLE_CLIENT_ID', config.google.clientId],
    ['GOOGLE_CLIENT_SECRET', config.google.clientSecret],
  ]
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  if (missing.length > 0) throw new ConfigError(`missing required production settings: ${missing.join(', ')}`);
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
