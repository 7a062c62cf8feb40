import * as z from 'zod';
import type { VendorObservation } from '../../budgets/budget-policy.js';
import { MIN_RATE_LIMIT_WAIT_MS } from '../http/classify-http-failure.js';

/**
 * Shopify's calculated query cost, read from every GraphQL answer's `extensions.cost`
 * (https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits), turned into what the
 * `shopify` budget paces by. The bucket's size and restore rate vary by plan (PLATFORMS.md: read
 * them, never hard-code them), so each answer's throttleStatus replaces what the budget assumed.
 */
export const shopifyCostSchema = z.object({
  requestedQueryCost: z.number().nonnegative(),
  /** Null when the query did not run (THROTTLED). */
  actualQueryCost: z.number().nonnegative().nullable(),
  throttleStatus: z.object({
    maximumAvailable: z.number().positive(),
    currentlyAvailable: z.number(),
    restoreRate: z.number().positive(),
  }),
});
export type ShopifyCost = z.infer<typeof shopifyCostSchema>;

/**
 * Pure: the bucket as Shopify reports it after the call, and the points it gave back — Shopify
 * takes the requested cost up front and refunds what the query did not use (none when it did not run).
 */
export function observationFromCost(cost: ShopifyCost): VendorObservation {
  const { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status } = cost;
  return {
    bucket: {
      available: status.currentlyAvailable,
      capacity: status.maximumAvailable,
      restorePerSecond: status.restoreRate,
      refund: actual === null ? 0 : Math.max(0, requested - actual),
    },
  };
}

/**
 * Pure: when a THROTTLED query can run — once the bucket has refilled to its requested cost, in
 * whole seconds and at least one (a bucket already full enough was drained by another caller).
 */
export function throttledRetryAt(cost: ShopifyCost, now: Date): Date {
  const { requestedQueryCost: requested, throttleStatus: status } = cost;
  const seconds = Math.ceil(Math.max(0, requested - status.currentlyAvailable) / status.restoreRate);
  return new Date(now.getTime() + Math.max(MIN_RATE_LIMIT_WAIT_MS, seconds * 1_000));
}

/**
 * What to reserve from the bucket before sending a query: the requested cost Shopify last
 * reported for it (its calculation, exact for the same document), else the query module's
 * static estimate. Kept per runtime; a cold start begins from the estimates again.
 */
export interface CostEstimates {
  costOf(queryName: string, staticEstimate: number): number;
  record(queryName: string, cost: ShopifyCost): void;
}

export function createCostEstimates(): CostEstimates {
  const reported = new Map<string, number>();
  return {
    costOf: (queryName, staticEstimate) => reported.get(queryName) ?? staticEstimate,
    record(queryName, cost) {
      reported.set(queryName, cost.requestedQueryCost);
    },
  };
}
