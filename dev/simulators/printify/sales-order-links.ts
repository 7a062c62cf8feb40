/**
 * Which sales order each Printify order fulfils: `metadata.shop_order_id`, the sales channel's
 * order id (Etsy receipt id, Shopify order id), which Printify sends as a JSON number or as a
 * string — a client must compare them as strings (PLATFORMS.md). Sluice links orders to sales
 * orders through it for COGS, so the simulator produces the awkward cases on purpose: orders
 * with no sales order (manual ones), two Printify orders for one sale (a split, or a cancel and
 * re-order), and ids the shop's channel never sent to Sluice.
 */
import { intBetween, mulberry32, seedOf } from '../_shared/seeded-random.js';

export interface OrderLink {
  /** Undefined: a manual order (`order_type: 'manual'`, no shop_order_id). */
  shopOrderId: number | string | undefined;
  /** This order fulfils the same sale as the previous linked order, which was canceled and re-placed. */
  cancelsPrevious: boolean;
}

/** Share of manual orders, of orders a second time for the previous sale, and of orders for sales not in `salesOrderIds`. */
const MANUAL = 0.03;
const SAME_SALE = 0.08;
const UNKNOWN_SALE = 0.07;

/** A random id of the kind the channel uses: Etsy receipt ids have 10 digits, Shopify order ids 13. */
export function randomSalesOrderId(random: () => number, salesChannel: string): number {
  if (salesChannel === 'etsy') return intBetween(random, 2_000_000_000, 3_999_999_999);
  if (salesChannel === 'shopify') return intBetween(random, 5_000_000_000_000, 5_999_999_999_999);
  return intBetween(random, 100_000_000, 999_999_999);
}

/** A numeric id is sent as a JSON number three times in four; anything else always as a string. */
export function asSent(id: string, random: () => number): number | string {
  const numeric = /^[1-9]\d*$/.test(id) && Number.isSafeInteger(Number(id));
  return numeric && random() >= 0.25 ? Number(id) : id;
}

/**
 * The links of `count` orders, oldest first. With `salesOrderIds` (oldest first) they link in turn,
 * wrapping round when there are fewer ids than orders; without, each gets a random id of the channel.
 * Order i's draws come from (seedParts, i) alone.
 */
export function salesOrderLinks(count: number, salesOrderIds: readonly string[] | undefined, salesChannel: string, seedParts: readonly string[]): OrderLink[] {
  const links: OrderLink[] = [];
  let next = 0;
  let previous: string | null = null;
  for (let index = 0; index < count; index++) {
    const random = mulberry32(seedOf(...seedParts, 'link', index));
    const roll = random();
    let id: string | null;
    let cancelsPrevious = false;
    if (roll < MANUAL) id = null;
    else if (roll < MANUAL + SAME_SALE && previous !== null) [id, cancelsPrevious] = [previous, random() < 0.5];
    else if (!salesOrderIds?.length || roll < MANUAL + SAME_SALE + UNKNOWN_SALE) id = String(randomSalesOrderId(random, salesChannel));
    else id = salesOrderIds[next++ % salesOrderIds.length] ?? null;
    if (id !== null) previous = id;
    links.push({ shopOrderId: id === null ? undefined : asSent(id, random), cancelsPrevious });
  }
  return links;
}
