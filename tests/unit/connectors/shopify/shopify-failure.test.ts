import { describe, expect, it } from '@jest/globals';
import type { ShopifyCost } from '../../../../lib/connectors/shopify/cost-pacer.js';
import {
  BULK_IN_PROGRESS_WAIT_MS,
  readBulkUserErrors,
  readShopifyGraphqlErrors,
  readShopifyHttpFailure,
  shopifyErrorText,
  shopifyGraphqlErrorSchema,
} from '../../../../lib/connectors/shopify/shopify-failure.js';
import { AccessTokenRejectedError, NotReadyError, PermanentError, RateLimitedError, RetryableError } from '../../../../lib/errors.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1_000);
const http = (status: number | undefined, retryAfter: string | null = null) => readShopifyHttpFailure({ status, retryAfter, description: `${status} from /admin/api/2026-10/graphql.json` }, now);

// Recorded shapes (https://shopify.dev/docs/api/usage/limits, …/admin-graphql#status_and_error_codes).
const throttledBody = {
  errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/limits' } }],
  extensions: { cost: { requestedQueryCost: 643, actualQueryCost: null, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 43, restoreRate: 50 } } },
};
const deniedBody = {
  data: { orders: null },
  errors: [{ message: 'Access denied for orders field. Required access: `read_orders` access scope.', locations: [{ line: 1, column: 90 }], path: ['orders'], extensions: { code: 'ACCESS_DENIED', documentation: 'https://shopify.dev/api/usage/access-scopes', requiredAccess: '`read_orders` access scope.' } }],
};
const errorsOf = (body: { errors: unknown[] }) => body.errors.map((error) => shopifyGraphqlErrorSchema.parse(error));

describe('HTTP failures', () => {
  it('401: the token is rejected — the token session refreshes an expiring token once, else the connection needs reauth', () => {
    expect(http(401)).toBeInstanceOf(AccessTokenRejectedError);
  });

  it('403: the grant lacks the scope, permanent for this entity', () => {
    const error = http(403);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toMatch(/scope/);
  });

  it('429: until Retry-After, or a second without one', () => {
    expect(http(429)).toMatchObject({ name: 'RateLimitedError', retryAt: at(1) });
    expect(http(429, '4')).toMatchObject({ name: 'RateLimitedError', retryAt: at(4) });
  });

  it('5xx, network and timeouts retry; another 4xx is permanent', () => {
    for (const status of [500, 502, 503, undefined]) expect(http(status)).toBeInstanceOf(RetryableError);
    expect(http(404)).toBeInstanceOf(PermanentError);
    expect(http(402)).toBeInstanceOf(PermanentError);
  });

  it('the text of a non-GraphQL error body', () => {
    expect(shopifyErrorText({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' })).toBe('[API] Invalid API key or access token (unrecognized login or wrong password)');
    expect(shopifyErrorText({ errors: { shop: ['is locked'] } })).toBe('{"shop":["is locked"]}');
    expect(shopifyErrorText('<html>')).toBeUndefined();
  });
});

describe('GraphQL errors in a 200 answer', () => {
  it('THROTTLED: rate limited until the bucket holds the query’s requested cost again', () => {
    const cost = throttledBody.extensions.cost as ShopifyCost;
    const error = readShopifyGraphqlErrors(errorsOf(throttledBody), cost, now, 'OrdersPage');
    expect(error).toBeInstanceOf(RateLimitedError);
    // (643 − 43) / 50 = 12 s.
    expect((error as RateLimitedError).retryAt).toEqual(at(12));
    expect(readShopifyGraphqlErrors(errorsOf(throttledBody), undefined, now, 'OrdersPage')).toMatchObject({ retryAt: at(1) });
  });

  it('ACCESS_DENIED: permanent, naming the field and Shopify’s words', () => {
    const error = readShopifyGraphqlErrors(errorsOf(deniedBody), undefined, now, 'OrdersPage');
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain('ACCESS_DENIED at orders: Access denied for orders field. Required access: `read_orders` access scope.');
  });

  it('MAX_COST_EXCEEDED and any other error: permanent, naming the code and message; INTERNAL_SERVER_ERROR retries', () => {
    const maxCost = readShopifyGraphqlErrors([{ message: 'Query cost is 1252, which exceeds the single query max cost limit (1000).', extensions: { code: 'MAX_COST_EXCEEDED' } }], undefined, now, 'OrdersPage');
    expect(maxCost).toBeInstanceOf(PermanentError);
    expect(maxCost.message).toBe('OrdersPage: MAX_COST_EXCEEDED: Query cost is 1252, which exceeds the single query max cost limit (1000).');
    expect(readShopifyGraphqlErrors([{ message: "Field 'nope' doesn't exist on type 'Order'" }], undefined, now, 'OrdersPage').message).toBe("OrdersPage: GraphQL error: Field 'nope' doesn't exist on type 'Order'");
    expect(readShopifyGraphqlErrors([{ message: 'Internal error. Request ID: 1', extensions: { code: 'INTERNAL_SERVER_ERROR' } }], undefined, now, 'ShopInfo')).toBeInstanceOf(RetryableError);
  });

  it('THROTTLED wins over anything else in the same answer', () => {
    expect(readShopifyGraphqlErrors([...errorsOf(deniedBody), ...errorsOf(throttledBody)], undefined, now, 'x')).toBeInstanceOf(RateLimitedError);
  });
});

describe('the bulk mutation’s userErrors', () => {
  it('OPERATION_IN_PROGRESS: not ready, try again in ~30 s', () => {
    const error = readBulkUserErrors([{ field: null, message: 'A bulk query operation for this app and shop is already in progress: gid://shopify/BulkOperation/1.', code: 'OPERATION_IN_PROGRESS' }], now);
    expect(error).toBeInstanceOf(NotReadyError);
    expect((error as NotReadyError).retryAt).toEqual(new Date(now.getTime() + BULK_IN_PROGRESS_WAIT_MS));
  });

  it('anything else: permanent, naming code, field and message', () => {
    const error = readBulkUserErrors([{ field: ['query'], message: 'Invalid bulk query: Field nope', code: 'INVALID' }], now);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain('INVALID (query): Invalid bulk query: Field nope');
  });
});
