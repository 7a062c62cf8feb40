/**
 * The simulator's shops: the default three (USD, JPY with no minor unit, KWD with three
 * decimals), each spec checked and given its identity, data, cost bucket and counters.
 */
import { assertTimeZone } from './shop-time.js';
import { CostBucket } from './cost-bucket.js';
import { CURRENCY_CODES } from './schema.js';
import type { ShopData } from './shop-data.js';
import { buildShop } from './synthetic-shop.js';
import type { BucketSpec, ShopCounters, ShopifyShopSpec } from './types.js';

export const DEFAULT_BUCKET: BucketSpec = { capacity: 2000, restorePerSecond: 100 };

/** Each spans 120 days, so a token without read_all_orders misses about half of its orders. */
export const DEFAULT_SHOPS: readonly ShopifyShopSpec[] = [
  { name: 'sim-usd', title: 'Sim USD Shop', currency: 'USD', timezone: 'America/New_York', orders: 240, products: 24, customers: 60, historyDays: 120 },
  { name: 'sim-jpy', title: 'Sim JPY Shop', currency: 'JPY', timezone: 'Asia/Tokyo', orders: 120, products: 12, customers: 30, historyDays: 120 },
  // An older shop's smaller bucket (PLATFORMS.md): clients must read the limits from the response.
  { name: 'sim-kwd', title: 'Sim KWD Shop', currency: 'KWD', timezone: 'Asia/Kuwait', orders: 90, products: 10, customers: 25, historyDays: 120, bucket: { capacity: 1000, restorePerSecond: 50 } },
];

export interface ShopRuntime {
  data: ShopData;
  bucket: CostBucket;
  counters: ShopCounters;
}

export const emptyCounters = (): ShopCounters => ({ graphqlQueries: 0, throttled: 0, maxCostExceeded: 0, costSpent: 0, bulkOperations: 0, bulkDownloads: 0, bytesServed: 0 });

export const shopDomain = (name: string): string => `${name}.myshopify.com`;

/** `name` or `name.myshopify.com` → the domain. */
export const domainOf = (shop: string): string => (shop.endsWith('.myshopify.com') ? shop : shopDomain(shop));

function checkSpec(spec: ShopifyShopSpec): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(spec.name)) throw new Error(`shop name "${spec.name}" must match [a-z0-9][a-z0-9-]*`);
  if (!(CURRENCY_CODES as readonly string[]).includes(spec.currency)) throw new Error(`shop ${spec.name}: currency ${spec.currency} is not one of ${CURRENCY_CODES.join(', ')}`);
  for (const field of ['orders', 'products', 'customers', 'historyDays'] as const) {
    if (!Number.isSafeInteger(spec[field]) || spec[field] < 0) throw new Error(`shop ${spec.name}: ${field} must be a whole number`);
  }
  if (spec.historyDays < 1) throw new Error(`shop ${spec.name}: historyDays must be at least 1`);
  if (spec.orders > 0 && spec.products === 0) throw new Error(`shop ${spec.name}: orders need products to sell`);
  if (spec.timezone) assertTimeZone(spec.timezone);
}

export function createShops(specs: readonly ShopifyShopSpec[], seed: number, nowMs: number): Map<string, ShopRuntime> {
  const shops = new Map<string, ShopRuntime>();
  specs.forEach((spec, position) => {
    checkSpec(spec);
    const domain = shopDomain(spec.name);
    if (shops.has(domain)) throw new Error(`shop ${spec.name} is listed twice`);
    const identity = { domain, name: spec.name, title: spec.title ?? spec.name, currency: spec.currency, timezone: spec.timezone ?? 'UTC', number: position + 1, seed };
    shops.set(domain, { data: buildShop(identity, spec, nowMs), bucket: new CostBucket(spec.bucket ?? DEFAULT_BUCKET, nowMs), counters: emptyCounters() });
  });
  return shops;
}
