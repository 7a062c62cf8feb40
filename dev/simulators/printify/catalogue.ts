/**
 * A small stand-in for Printify's catalogue (https://developers.printify.com/#catalog): blueprints,
 * each with one print provider and its variants. A variant id is the catalogue's, so every product
 * made on the same blueprint and provider carries the same variant ids — which is why Sluice keys
 * product variants as `{product_id}:{variant_id}` (DESIGN.md). Costs are the provider's base cost
 * per unit in US cents; shipping is Printify's first-item / additional-item pricing.
 */

export interface CatalogueVariant {
  id: number;
  /** e.g. "Black / M" */
  title: string;
  cost: number;
  grams: number;
}

export interface Blueprint {
  id: number;
  title: string;
  printProviderId: number;
  firstItemShipping: number;
  additionalItemShipping: number;
  tags: readonly string[];
  variants: readonly CatalogueVariant[];
}

/** Every (option, size) pair, ids counting up from `firstId` as the catalogue numbers them. */
function variantGrid(firstId: number, options: readonly string[], sizes: readonly [size: string, cost: number, grams: number][]): CatalogueVariant[] {
  return options.flatMap((option, o) =>
    sizes.map(([size, cost, grams], s) => ({ id: firstId + o * sizes.length + s, title: `${option} / ${size}`, cost, grams })),
  );
}

export const BLUEPRINTS: readonly Blueprint[] = [
  {
    id: 12,
    title: 'Unisex Jersey Short Sleeve Tee',
    printProviderId: 99,
    firstItemShipping: 475,
    additionalItemShipping: 240,
    tags: ['Men\'s Clothing', 'T-shirts'],
    variants: variantGrid(18100, ['Black', 'White', 'Navy', 'Heather Grey'], [['S', 1129, 142], ['M', 1129, 156], ['L', 1129, 170], ['XL', 1129, 184], ['2XL', 1426, 198]]),
  },
  {
    id: 77,
    title: 'Unisex Heavy Blend Hooded Sweatshirt',
    printProviderId: 29,
    firstItemShipping: 850,
    additionalItemShipping: 400,
    tags: ['Hoodies', 'Winter Picks'],
    variants: variantGrid(32900, ['Black', 'Sport Grey', 'Maroon'], [['S', 2193, 510], ['M', 2193, 567], ['L', 2193, 624], ['XL', 2193, 680], ['2XL', 2611, 737]]),
  },
  {
    id: 68,
    title: 'Ceramic Mug',
    printProviderId: 1,
    firstItemShipping: 699,
    additionalItemShipping: 399,
    tags: ['Mugs', 'Home & Living'],
    variants: variantGrid(33719, ['White'], [['11oz', 454, 450], ['15oz', 625, 560]]),
  },
  {
    id: 282,
    title: 'Matte Vertical Poster',
    printProviderId: 2,
    firstItemShipping: 599,
    additionalItemShipping: 100,
    tags: ['Posters', 'Wall Decor'],
    variants: variantGrid(43135, ['Matte'], [['11″ x 14″', 676, 90], ['12″ x 18″', 794, 120], ['18″ x 24″', 1131, 180], ['24″ x 36″', 1499, 260]]),
  },
  {
    id: 400,
    title: 'Kiss-Cut Stickers',
    printProviderId: 28,
    firstItemShipping: 299,
    additionalItemShipping: 9,
    tags: ['Stickers', 'Paper products'],
    variants: variantGrid(45748, ['White'], [['3″ × 3″', 168, 5], ['4″ × 4″', 195, 7], ['5.5″ × 5.5″', 253, 10], ['6″ × 6″', 281, 12]]),
  },
];

export const BLUEPRINT_BY_ID: ReadonlyMap<number, Blueprint> = new Map(BLUEPRINTS.map((blueprint) => [blueprint.id, blueprint]));
