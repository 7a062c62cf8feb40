import * as z from 'zod';
import { NotReadyError, PermanentError, RateLimitedError, RetryableError } from '../../errors.js';
import { MIN_RATE_LIMIT_WAIT_MS, classifyHttpFailure, type HttpFailure } from '../http/classify-http-failure.js';
import { throttledRetryAt, type ShopifyCost } from './cost-pacer.js';

/*
 * How the Shopify Admin API's failures read, pure (PLATFORMS.md "Shopify Admin API",
 * https://shopify.dev/docs/api/admin-graphql#status_and_error_codes). Shopify answers many
 * failures with HTTP 200 and `errors[]`, so a call's outcome is read twice: the HTTP status
 * (readShopifyHttpFailure), then the GraphQL errors of a 200 (readShopifyGraphqlErrors).
 */

/** How long a bulk query waits for the shop's running one to end (one bulk query per shop and app at a time). */
export const BULK_IN_PROGRESS_WAIT_MS = 30_000;

export const shopifyGraphqlErrorSchema = z.looseObject({
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  extensions: z.looseObject({ code: z.string().optional() }).optional(),
});
export type ShopifyGraphqlError = z.infer<typeof shopifyGraphqlErrorSchema>;

export const bulkUserErrorSchema = z.object({
  field: z.array(z.string()).nullable().optional(),
  message: z.string(),
  code: z.string().nullable().optional(),
});
export type BulkUserError = z.infer<typeof bulkUserErrorSchema>;

/**
 * Shopify's words from a non-GraphQL error body: the Admin API's `{"errors": "[API] Invalid API
 * key or access token …"}` (or a list or record of them), the token endpoint's `{error,
 * error_description}`. Undefined when the body says nothing readable.
 */
export function shopifyErrorText(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { error, error_description, errors } = parsed.data;
  const words = [error, error_description, typeof errors === 'string' ? errors : errors === undefined ? undefined : JSON.stringify(errors).slice(0, 300)];
  const said = words.filter((word): word is string => word !== undefined && word !== '');
  return said.length > 0 ? said.join(': ') : undefined;
}

const errorBodySchema = z.object({
  error: z.string().optional(),
  error_description: z.string().optional(),
  errors: z.union([z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
});

/**
 * A call that got no GraphQL answer, by its HTTP status (or none: network, timeout):
 * - 403 → the grant lacks this resource's scope: PermanentError, for this entity only (DESIGN.md);
 * - 429 → rate limited until Retry-After, or a second: Shopify's bucket refills continuously,
 *   and its 429s come from crowded seconds, not a spent day (the ladder's 30 s would idle the task);
 * - anything else → the shared ladder: 401 AccessTokenRejectedError (the token session refreshes an
 *   expiring offline token once, and marks a connection without one `needs_reauth`), 5xx, network
 *   and timeouts RetryableError, another 4xx PermanentError.
 */
export function readShopifyHttpFailure(failure: HttpFailure, now: Date): Error {
  if (failure.status === 403) return new PermanentError(`Shopify refused access; the app's grant may lack this resource's scope (${failure.description})`);
  if (failure.status === 429 && !failure.retryAfter) return new RateLimitedError(`rate limited (${failure.description})`, new Date(now.getTime() + MIN_RATE_LIMIT_WAIT_MS));
  return classifyHttpFailure(failure, now);
}

/**
 * The `errors[]` of an HTTP 200 answer (`what` names the call), the most telling first:
 * - THROTTLED (no data) → RateLimitedError when the bucket holds the query's cost again
 *   (from `extensions.cost`; a second when Shopify sent none);
 * - ACCESS_DENIED (data null for the field) → the grant lacks the scope: PermanentError;
 * - INTERNAL_SERVER_ERROR → RetryableError: Shopify's 500, wrapped in a 200;
 * - anything else (MAX_COST_EXCEEDED, a bad argument) → PermanentError naming the code and message:
 *   the same query would fail again.
 */
export function readShopifyGraphqlErrors(errors: readonly ShopifyGraphqlError[], cost: ShopifyCost | undefined, now: Date, what: string): Error {
  const withCode = (code: string) => errors.find((error) => error.extensions?.code === code);
  const describe = (error: ShopifyGraphqlError) => {
    const path = error.path?.length ? ` at ${error.path.join('.')}` : '';
    return `${error.extensions?.code ?? 'GraphQL error'}${path}: ${error.message}`;
  };
  const throttled = withCode('THROTTLED');
  if (throttled) {
    const retryAt = cost ? throttledRetryAt(cost, now) : new Date(now.getTime() + MIN_RATE_LIMIT_WAIT_MS);
    return new RateLimitedError(`${what}: Shopify throttled the query (${describe(throttled)})`, retryAt);
  }
  const denied = withCode('ACCESS_DENIED');
  if (denied) return new PermanentError(`${what}: Shopify denied access; the app's grant lacks the scope (${describe(denied)})`);
  const internal = withCode('INTERNAL_SERVER_ERROR');
  if (internal) return new RetryableError(`${what}: ${describe(internal)}`);
  const first = errors[0];
  return new PermanentError(`${what}: ${first ? describe(first) : 'Shopify answered errors without any detail'}`);
}

/**
 * `bulkOperationRunQuery`'s userErrors (https://shopify.dev/docs/api/admin-graphql/2026-10/enums/BulkOperationUserErrorCode):
 * OPERATION_IN_PROGRESS → the shop runs a bulk query already (another task's, or one left over):
 * NotReadyError, try again in BULK_IN_PROGRESS_WAIT_MS; anything else (an invalid query) → PermanentError.
 */
export function readBulkUserErrors(userErrors: readonly BulkUserError[], now: Date): Error {
  const describe = (error: BulkUserError) => `${error.code ?? 'userError'}${error.field?.length ? ` (${error.field.join('.')})` : ''}: ${error.message}`;
  const inProgress = userErrors.find((error) => error.code === 'OPERATION_IN_PROGRESS');
  if (inProgress) return new NotReadyError(`a bulk query is already running on the shop (${describe(inProgress)})`, new Date(now.getTime() + BULK_IN_PROGRESS_WAIT_MS));
  return new PermanentError(`Shopify refused the bulk query: ${userErrors.map(describe).join('; ') || 'no reason given'}`);
}
