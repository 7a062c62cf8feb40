import * as z from 'zod';

/**
 * The pieces every request schema is built from, so that each field has one limit everywhere.
 * Objects are `z.strictObject` (an unknown field is an error that names it, never dropped:
 * a misspelt `"froce": true` must not run a backfill without force), and every string is
 * bounded.
 */
export const LIMITS = {
  /** `tenant_id` and `external_account_id` are VARCHAR(191): utf8mb4's longest indexable key. */
  id: 191,
  /** An OAuth authorization code. Google's are about 100 characters. */
  code: 2_048,
  /** A URL such as `redirect_uri`: what browsers and Google accept in practice. */
  url: 2_048,
  /** A platform name (`youtube`, `etsy`, …). */
  platform: 32,
} as const;

/**
 * A non-empty string of at most `max` characters after trimming. The length checks abort, so
 * refinements after them (e.g. "one of the registry's platforms") run only on a sane value.
 */
export const boundedString = (max: number) => z.string().trim().min(1, { abort: true }).max(max, { abort: true });

export const tenantId = boundedString(LIMITS.id);
/** A connection's `external_account_id` (YouTube channel id, shop id or domain). */
export const accountId = boundedString(LIMITS.id);
export const platformName = boundedString(LIMITS.platform);
/** Opaque: sent to the vendor exactly as received, so not trimmed. */
export const authorizationCode = z.string().min(1, { abort: true }).max(LIMITS.code, { abort: true });
/** The `state` a `/api/oauth/{platform}/start` answered: opaque, URL-safe. */
export const oauthState = z
  .string()
  .min(16, { abort: true })
  .max(256, { abort: true })
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'must be the state the start endpoint answered' });
/** An absolute http(s) URL, as OAuth redirect URIs are; measured before it is parsed. */
export const httpUrl = z
  .string()
  .max(LIMITS.url, { abort: true })
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an absolute http or https URL' }));

/** What an endpoint that takes no input accepts: no body (or `{}`), no query parameters. */
export const noInput = z.strictObject({});

/** An inclusive range's day, `YYYY-MM-DD`, a real calendar day. */
export const isoDate = z.iso.date({ error: 'must be a day as YYYY-MM-DD' });

/** A numeric id in a path or query (`[jobId]`), at most 15 digits so it stays an exact JS number. */
export const numericId = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, { error: 'must be a positive integer id' })
  .transform(Number);

/** A query parameter holding a positive integer between `min` and `max`. */
export const queryInteger = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, { error: 'must be an integer', abort: true })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** A comma-separated query parameter whose items must each be one of `values`. */
export const commaListOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200, { abort: true })
    .transform((text) => text.split(',').map((item) => item.trim()).filter((item) => item.length > 0))
    .pipe(z.array(z.enum(values, { error: `each must be one of ${values.join(', ')}` })).min(1));

/** A map keyed by a bounded name (a budget key such as `youtube-data`). */
export const recordByName = <V extends z.ZodType>(value: V) => z.record(boundedString(LIMITS.platform + 32), value);

/** A YouTube video id: 11 URL-safe characters. */
export const videoId = z.string().regex(/^[A-Za-z0-9_-]{11}$/, { error: 'must be a YouTube video id (11 characters of A-Z, a-z, 0-9, _ and -)' });
/** A YouTube playlist id: URL-safe, e.g. `PL` + 32 characters. */
export const playlistId = z.string().regex(/^[A-Za-z0-9_-]{2,64}$/, { error: 'must be a YouTube playlist id' });

/** A JSON document checked by its own service's schema (a data-backfill plan: 400 `invalid_plan` naming its field), bounded by the body's 1 MiB. */
export const jsonDocument = z.unknown();
