/**
 * A shop's deterministic synthetic products, in Printify's shape
 * (https://developers.printify.com/#retrieve-a-list-of-products). Product i is a pure function of
 * (seed, shop, i) and the time window, so the same options give the same catalogue on every run.
 * Each product lists every variant of its blueprint, most disabled, as Printify returns them.
 */
import { intBetween, mulberry32, pick, seedOf } from '../_shared/seeded-random.js';
import { BLUEPRINTS, type Blueprint } from './catalogue.js';
import { objectId } from './object-id.js';
import { DAY_MS, printifyTime, secondsOf } from './printify-time.js';
import type { PrintifyProduct, PrintifyVariant } from './types.js';

export interface ShopSeed {
  seed: number;
  shopId: number;
  /** The merchant's Printify user id, as products carry it. */
  userId: number;
}

const ADJECTIVES = ['Sunset', 'Retro', 'Minimal', 'Vintage', 'Cosmic', 'Botanical', 'Groovy', 'Midnight', 'Coastal', 'Desert'];
const SUBJECTS = ['Cat', 'Mountain', 'Wave', 'Fox', 'Mushroom', 'Moon', 'Cactus', 'Coffee', 'Bicycle', 'Owl'];

/** Cost plus `markupPercent`, rounded up to the dollar, less a cent (a .99 price): integer cents throughout. */
export function retailPrice(cost: number, markupPercent: number): number {
  return Math.ceil((cost * (100 + markupPercent)) / 10_000) * 100 - 1;
}

/** Printify SKUs are digit strings, one per product variant (e.g. "20358617705059253442"). */
export function skuOf(productId: string, variantId: number): string {
  return `${seedOf(productId, variantId)}${String(seedOf(variantId, productId) % 100_000).padStart(5, '0')}`;
}

/** The shop's products, oldest first: created over the `historyDays` before `anchorMs` and 30 days more, the first at the very start. */
export function shopProducts(shop: ShopSeed, count: number, anchorMs: number, historyDays: number): PrintifyProduct[] {
  const start = anchorMs - (historyDays + 30) * DAY_MS;
  const span = anchorMs - DAY_MS - start;
  return Array.from({ length: count }, (_, index) => {
    const random = mulberry32(seedOf(shop.seed, shop.shopId, 'product', index));
    const offset = index === 0 ? 0 : Math.floor(((index + random() * 0.9) * span) / count);
    return syntheticProduct(shop, index, secondsOf(start + offset), anchorMs, random);
  });
}

function syntheticProduct(shop: ShopSeed, index: number, createdMs: number, anchorMs: number, random: () => number): PrintifyProduct {
  const blueprint = pick(random, BLUEPRINTS);
  const id = objectId(createdMs, String(shop.seed), String(shop.shopId), 'product', String(index));
  const variants = productVariants(id, blueprint, intBetween(random, 40, 120), random);
  const updatedMs = random() < 0.5 ? secondsOf(createdMs + random() * (anchorMs - createdMs)) : createdMs;
  const enabled = variants.filter((variant) => variant.is_enabled).map((variant) => variant.id);
  const title = `${pick(random, ADJECTIVES)} ${pick(random, SUBJECTS)} ${blueprint.title}`;
  return {
    id,
    title,
    description: `<p>${title}, printed on demand.</p>`,
    tags: [...blueprint.tags],
    variants,
    images: [{ src: `https://images-api.printify.com/mockup/${id}/${enabled[0]}/${blueprint.id}/front.jpg`, variant_ids: enabled, position: 'front', is_default: true }],
    created_at: printifyTime(createdMs),
    updated_at: printifyTime(updatedMs),
    visible: random() < 0.9,
    is_locked: false,
    blueprint_id: blueprint.id,
    user_id: shop.userId,
    shop_id: shop.shopId,
    print_provider_id: blueprint.printProviderId,
    print_areas: [],
    sales_channel_properties: [],
  };
}

/** Every variant of the blueprint; about 60% enabled, never none; the first enabled one is the default. */
function productVariants(productId: string, blueprint: Blueprint, markupPercent: number, random: () => number): PrintifyVariant[] {
  const enabled = blueprint.variants.map(() => random() < 0.6);
  if (!enabled.includes(true)) enabled[0] = true;
  const firstEnabled = enabled.indexOf(true);
  return blueprint.variants.map((variant, i) => ({
    id: variant.id,
    sku: skuOf(productId, variant.id),
    cost: variant.cost,
    price: retailPrice(variant.cost, markupPercent),
    title: variant.title,
    grams: variant.grams,
    is_enabled: enabled[i] === true,
    is_default: i === firstEnabled,
    is_available: true,
  }));
}
