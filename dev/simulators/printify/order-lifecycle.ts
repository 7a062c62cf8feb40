/**
 * How a Printify order moves: pending or on hold, sent to production, shipped (a shipment with a
 * carrier and tracking number), fulfilled, delivered — or canceled. The same transitions build
 * the history at generation and apply a test's `updateOrder`, so both leave the times a real
 * order would have. Printify orders have no `updated_at`: a change shows only in these times, and
 * a cancel or a status change without one shows in none (which is why Sluice re-reads a lookback).
 * Statuses: https://developers.printify.com/#orders
 */
import { intBetween, pick } from '../_shared/seeded-random.js';
import { DAY_MS, HOUR_MS, printifyTime, secondsOf } from './printify-time.js';
import type { PrintifyOrder, PrintifyOrderStatus, PrintifyShipment } from './types.js';

/** Statuses of an order that went to production, and of one with a shipment. */
const SENT: ReadonlySet<PrintifyOrderStatus> = new Set(['in-production', 'has-issues', 'partially-fulfilled', 'fulfilled']);
const SHIPPED: ReadonlySet<PrintifyOrderStatus> = new Set(['partially-fulfilled', 'fulfilled']);

export interface LifecycleStep {
  status: PrintifyOrderStatus;
  atMs: number;
}

/** Sets `status` as of `atMs`, filling the times and shipment the status implies (never moving one already set). */
export function applyStatus(order: PrintifyOrder, status: PrintifyOrderStatus, atMs: number, shipment: () => PrintifyShipment): void {
  const at = printifyTime(atMs);
  order.status = status;
  if (SENT.has(status)) order.sent_to_production_at ??= at;
  if (SHIPPED.has(status) && order.shipments.length === 0) order.shipments.push(shipment());
  if (status === 'fulfilled') order.fulfilled_at ??= at;
  if (order.metadata.order_type === 'external') order.metadata.shop_fulfilled_at = order.fulfilled_at;
  order.line_items.forEach((line, position) => {
    const lineFulfilled = status === 'fulfilled' || (status === 'partially-fulfilled' && position === 0);
    line.status = lineFulfilled ? 'fulfilled' : status === 'partially-fulfilled' ? 'in-production' : status;
    line.sent_to_production_at = order.sent_to_production_at;
    if (lineFulfilled) line.fulfilled_at ??= at;
  });
}

/** Every shipment not yet delivered is delivered at `atMs`. */
export function markDelivered(order: PrintifyOrder, atMs: number): void {
  for (const shipment of order.shipments) shipment.delivered_at ??= printifyTime(atMs);
}

const CARRIERS: readonly { carrier: string; number: (random: () => number) => string; url: (number: string) => string }[] = [
  { carrier: 'usps', number: (random) => `9400${digits(random, 18)}`, url: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}` },
  { carrier: 'ups', number: (random) => `1Z${digits(random, 16)}`, url: (n) => `https://www.ups.com/track?tracknum=${n}` },
  { carrier: 'fedex', number: (random) => digits(random, 12), url: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}` },
  { carrier: 'dhl', number: (random) => digits(random, 10), url: (n) => `https://www.dhl.com/us-en/home/tracking.html?tracking-id=${n}` },
];

const digits = (random: () => number, count: number): string => Array.from({ length: count }, () => intBetween(random, 0, 9)).join('');

/** A new, undelivered shipment with a carrier's tracking number and link. */
export function newShipment(random: () => number): PrintifyShipment {
  const { carrier, number, url } = pick(random, CARRIERS);
  const tracking = number(random);
  return { carrier, number: tracking, url: url(tracking), delivered_at: null };
}

/**
 * The statuses an order created at `createdMs` has passed through by `nowMs`, with when, and when
 * its shipment was delivered (null: not yet). Some 4% are canceled before production; the rest go
 * to production 2–36 h after creation (3% of those under two weeks old with issues), are fulfilled
 * 1–6 days later and delivered 2–7 days after that, as far as `nowMs` allows. All times fall on
 * whole seconds and never after `nowMs`.
 */
export function lifecycleSteps(random: () => number, createdMs: number, nowMs: number, lineCount: number): { steps: LifecycleStep[]; deliveredMs: number | null } {
  const at = (ms: number): number => secondsOf(Math.min(ms, nowMs));
  if (random() < 0.04) return { steps: [{ status: 'canceled', atMs: at(createdMs + random() * 2 * HOUR_MS) }], deliveredMs: null };
  const sentMs = secondsOf(createdMs + (2 + random() * 34) * HOUR_MS);
  if (sentMs > nowMs) {
    const waiting = pick(random, ['pending', 'pending', 'pending', 'on-hold', 'on-hold', 'payment-not-received', 'sending-to-production'] as const);
    return { steps: [{ status: waiting, atMs: createdMs }], deliveredMs: null };
  }
  // Issues get resolved within a couple of weeks: only younger orders are still stuck with one.
  if (random() < 0.03 && nowMs - createdMs < 14 * DAY_MS) return { steps: [{ status: 'has-issues', atMs: sentMs }], deliveredMs: null };
  const steps: LifecycleStep[] = [{ status: 'in-production', atMs: sentMs }];
  const fulfilledMs = secondsOf(sentMs + (1 + random() * 5) * DAY_MS);
  if (fulfilledMs > nowMs) {
    if (lineCount > 1 && random() < 0.3) steps.push({ status: 'partially-fulfilled', atMs: at(sentMs + (nowMs - sentMs) / 2) });
    return { steps, deliveredMs: null };
  }
  steps.push({ status: 'fulfilled', atMs: fulfilledMs });
  const deliveredMs = secondsOf(fulfilledMs + (2 + random() * 5) * DAY_MS);
  return { steps, deliveredMs: deliveredMs <= nowMs ? deliveredMs : null };
}
