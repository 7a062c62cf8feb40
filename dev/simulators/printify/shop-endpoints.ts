/**
 * The shop, order and product endpoints (https://developers.printify.com/#shops,
 * https://developers.printify.com/#orders, https://developers.printify.com/#products), for a
 * request already authenticated and allowed to see the shop.
 */
import type { SimResponse } from '../_shared/http-io.js';
import type { ShopEntry } from './accounts.js';
import { pageEnvelope, parsePaging } from './paging.js';
import { notFound } from './printify-errors.js';
import type { ShopData } from './shop-data.js';
import type { PrintifyShop } from './types.js';

/** Orders list 10 to a page at most (PLATFORMS.md); products 50 here, though the docs once allowed 100. */
export const MAX_ORDERS_LIMIT = 10;
export const MAX_PRODUCTS_LIMIT = 50;

/** GET /v1/shops.json: the account's shops, a bare array. */
export function shopsList(shops: readonly ShopEntry[]): SimResponse {
  const body: PrintifyShop[] = shops.map(({ id, spec }) => ({ id, title: spec.title, sales_channel: spec.sales_channel }));
  return { status: 200, body };
}

/** GET /v1/shops/{shop_id}/orders.json?page&limit, newest first; there is no updated-since filter. */
export function ordersList(data: ShopData, query: URLSearchParams): SimResponse {
  const paging = parsePaging(query, MAX_ORDERS_LIMIT);
  return 'body' in paging ? paging : { status: 200, body: pageEnvelope(data.orders, paging.page, paging.limit) };
}

/** GET /v1/shops/{shop_id}/products.json?page&limit, newest first. */
export function productsList(data: ShopData, query: URLSearchParams): SimResponse {
  const paging = parsePaging(query, MAX_PRODUCTS_LIMIT);
  return 'body' in paging ? paging : { status: 200, body: pageEnvelope(data.products, paging.page, paging.limit) };
}

/** GET /v1/shops/{shop_id}/orders/{order_id}.json */
export function orderGet(data: ShopData, orderId: string): SimResponse {
  const order = data.order(orderId);
  return order ? { status: 200, body: order } : notFound();
}

/** GET /v1/shops/{shop_id}/products/{product_id}.json */
export function productGet(data: ShopData, productId: string): SimResponse {
  const product = data.product(productId);
  return product ? { status: 200, body: product } : notFound();
}
