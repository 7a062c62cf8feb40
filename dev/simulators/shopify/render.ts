/**
 * Records as GraphQL source objects, rendered from the shop's columns when a query reaches them.
 * Text fields and nested connections are functions, which graphql-js calls only for the fields a
 * query selects (its default resolver), so a query for ids does not derive titles.
 */
import { GraphQLError } from 'graphql';
import { checkPageArgs, connectionOf, paginate, type PageArgs } from './connection.js';
import { decimalFromMinor } from './money-format.js';
import type { EntityKind, ShopData } from './shop-data.js';
import { shopifyDateTime } from './shop-time.js';

/** What every resolver sees: the shop, the token's scopes and the request's time. */
export interface RenderContext {
  shop: ShopData;
  scopes: ReadonlySet<string>;
  nowMs: number;
  /** Set while a bulk operation runs its query: connections need no size there. */
  bulk: BulkPaging | null;
}

/** How a bulk run pages its root connection: it asks for `pageSize` after `after`, and reads `next`. */
export interface BulkPaging {
  after: string | null;
  pageSize: number;
  next: { hasNextPage: boolean; endCursor: string | null } | null;
}

export const gid = (kind: string, id: number): string => `gid://shopify/${kind}/${id}`;

/** The kind and number of a GID, or null when `value` is not one. */
export function parseGid(value: string): { kind: string; id: number } | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/.exec(value);
  return match ? { kind: match[1]!, id: Number(match[2]) } : null;
}

/** Shopify's answer to a field the token has no scope for: HTTP 200, this error, the field null. */
export function requireScope(context: RenderContext, scope: string, field: string): void {
  if (context.scopes.has(scope)) return;
  throw new GraphQLError(`Access denied for ${field} field. Required access: \`${scope}\` access scope.`, {
    extensions: { code: 'ACCESS_DENIED', documentation: 'https://shopify.dev/api/usage/access-scopes', requiredAccess: `\`${scope}\` access scope.` },
  });
}

const money = (shop: ShopData, minor: number) => ({ amount: decimalFromMinor(minor, shop.identity.currency), currencyCode: shop.identity.currency });
const moneyBag = (shop: ShopData, minor: number) => ({ shopMoney: money(shop, minor), presentmentMoney: money(shop, minor) });

/** A nested connection over consecutive indexes [first, end), in id order. */
function rangeConnection<Node>(context: RenderContext, shop: ShopData, kind: EntityKind, [first, end]: [number, number], args: PageArgs, render: (index: number) => Node) {
  checkPageArgs(args, context.bulk !== null);
  const page = paginate(
    { length: end - first, at: (p) => first + p, key: (i) => shop.idOf(kind, i), id: (i) => shop.idOf(kind, i), matches: () => true },
    args,
  );
  return connectionOf(page, render);
}

export function renderOrder(context: RenderContext, index: number) {
  const { shop } = context;
  const o = shop.order;
  const id = shop.idOf('Order', index);
  const created = shopifyDateTime(o.created.get(index));
  return {
    __typename: 'Order',
    id: gid('Order', id),
    legacyResourceId: String(id),
    name: `#${1000 + index + 1}`,
    createdAt: created,
    updatedAt: shopifyDateTime(o.updated.get(index)),
    processedAt: created,
    displayFinancialStatus: shop.orderStatus(index),
    currencyCode: shop.identity.currency,
    presentmentCurrencyCode: shop.identity.currency,
    totalPriceSet: moneyBag(shop, shop.orderTotal(index)),
    subtotalPriceSet: moneyBag(shop, o.subtotal.get(index)),
    totalShippingPriceSet: moneyBag(shop, o.shipping.get(index)),
    totalTaxSet: moneyBag(shop, o.tax.get(index)),
    totalDiscountsSet: moneyBag(shop, o.discount.get(index)),
    lineItems: (args: PageArgs) => rangeConnection(context, shop, 'LineItem', shop.orderLines(index), args, (line) => renderLineItem(context, line)),
  };
}

export function renderLineItem(context: RenderContext, line: number) {
  const { shop } = context;
  const product = shop.line.product.get(line);
  const variant = shop.line.variant.get(line);
  const deleted = shop.lineProductDeleted(line);
  return {
    __typename: 'LineItem',
    id: gid('LineItem', shop.idOf('LineItem', line)),
    sku: () => shop.lineSku(line),
    title: () => shop.lineTitle(line),
    name: () => shop.lineTitle(line),
    quantity: shop.line.quantity.get(line),
    originalUnitPriceSet: moneyBag(shop, shop.line.unitPrice.get(line)),
    product: () => {
      requireScope(context, 'read_products', 'product');
      return deleted ? null : renderProduct(context, product);
    },
    variant: () => {
      requireScope(context, 'read_products', 'variant');
      return deleted || variant < 0 ? null : renderVariant(context, variant);
    },
  };
}

export function renderProduct(context: RenderContext, index: number) {
  const { shop } = context;
  const id = shop.idOf('Product', index);
  return {
    __typename: 'Product',
    id: gid('Product', id),
    legacyResourceId: String(id),
    title: () => shop.productTitle(index),
    status: () => shop.productStatus(index),
    vendor: () => shop.productVendor(index),
    createdAt: shopifyDateTime(shop.product.created.get(index)),
    updatedAt: shopifyDateTime(shop.product.updated.get(index)),
    variants: (args: PageArgs) => rangeConnection(context, shop, 'ProductVariant', shop.productVariants(index), args, (variant) => renderVariant(context, variant)),
  };
}

export function renderVariant(context: RenderContext, variant: number) {
  const { shop } = context;
  const product = shop.variant.product.get(variant);
  return {
    __typename: 'ProductVariant',
    id: gid('ProductVariant', shop.idOf('ProductVariant', variant)),
    sku: () => shop.variantSku(variant),
    title: () => `Option ${variant - shop.product.variantStart.get(product) + 1}`,
    price: decimalFromMinor(shop.variant.price.get(variant), shop.identity.currency),
    product: () => renderProduct(context, product),
  };
}

export function renderCustomer(context: RenderContext, index: number) {
  const { shop } = context;
  const c = shop.customer;
  const id = shop.idOf('Customer', index);
  return {
    __typename: 'Customer',
    id: gid('Customer', id),
    legacyResourceId: String(id),
    firstName: () => shop.customerName(index).firstName,
    lastName: () => shop.customerName(index).lastName,
    defaultEmailAddress: () => {
      const email = shop.customerEmail(index);
      return email === null ? null : { emailAddress: email };
    },
    numberOfOrders: String(c.orders.get(index)),
    amountSpent: money(shop, c.spent.get(index)),
    createdAt: shopifyDateTime(c.created.get(index)),
    updatedAt: shopifyDateTime(c.updated.get(index)),
  };
}
