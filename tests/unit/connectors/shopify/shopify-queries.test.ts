import { describe, expect, it } from '@jest/globals';
import { Kind, parse, type FieldNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import {
  BULK_RUN_MUTATION,
  BULK_STATUS_QUERY,
  COUNT_QUERIES,
  PAGE_QUERIES,
  SHOP_QUERY,
  bulkQueryOf,
  searchFilter,
  type ShopifyQuery,
} from '../../../../lib/connectors/shopify/shopify-queries.js';

/**
 * Shopify's requested cost recomputed from a document (https://shopify.dev/docs/api/usage/limits#cost-calculation):
 * a field with a selection is an object (1), or a connection when it takes `first`
 * (2 + first × one node, plus pageInfo as an object); scalars 0. No schema needed: every
 * object field of these documents has a selection.
 */
function requestedCost(document: string, variables: Record<string, number> = {}): number {
  const operation = parse(document).definitions[0] as OperationDefinitionNode;
  const valueOf = (value: ValueNode): number => (value.kind === Kind.INT ? Number(value.value) : value.kind === Kind.VARIABLE ? variables[value.name.value]! : NaN);
  const selectionCost = (set: SelectionSetNode | undefined): number =>
    (set?.selections ?? []).reduce((sum, selection) => {
      if (selection.kind === Kind.INLINE_FRAGMENT) return sum + selectionCost(selection.selectionSet);
      return sum + fieldCost(selection as FieldNode);
    }, 0);
  const fieldCost = (field: FieldNode): number => {
    if (!field.selectionSet) return 0;
    const first = field.arguments?.find((argument) => argument.name.value === 'first');
    if (!first) return 1 + selectionCost(field.selectionSet);
    const fields = field.selectionSet.selections as FieldNode[];
    const nodes = fields.find((f) => f.name.value === 'nodes');
    const pageInfo = fields.some((f) => f.name.value === 'pageInfo') ? 1 : 0;
    return 2 + valueOf(first.value) * (1 + selectionCost(nodes?.selectionSet)) + pageInfo;
  };
  return selectionCost(operation.selectionSet);
}

/** Every field path a document selects, e.g. `orders.nodes.totalPriceSet.shopMoney.amount`. */
function fieldPaths(set: SelectionSetNode | undefined, prefix = ''): string[] {
  return (set?.selections ?? []).flatMap((selection) => {
    if (selection.kind !== Kind.FIELD) return selection.kind === Kind.INLINE_FRAGMENT ? fieldPaths(selection.selectionSet, prefix) : [];
    const path = `${prefix}${selection.name.value}`;
    return selection.selectionSet ? fieldPaths(selection.selectionSet, `${path}.`) : [path];
  });
}
const selectionOf = (document: string) => (parse(document).definitions[0] as OperationDefinitionNode).selectionSet;
const money = (field: string) => [`${field}.shopMoney.amount`, `${field}.shopMoney.currencyCode`];
const ORDER = ['id', 'name', 'createdAt', 'updatedAt', 'displayFinancialStatus', 'currencyCode', ...['totalPriceSet', 'subtotalPriceSet', 'totalShippingPriceSet', 'totalTaxSet', 'totalDiscountsSet'].flatMap(money)];
const LINE_ITEM = ['id', 'sku', 'title', 'quantity', ...money('originalUnitPriceSet'), 'product.id', 'variant.id'];
const PRODUCT = ['id', 'title', 'status', 'vendor', 'updatedAt'];
const VARIANT = ['id', 'sku', 'price'];
const CUSTOMER = ['id', 'firstName', 'lastName', 'defaultEmailAddress.emailAddress', 'numberOfOrders', 'amountSpent.amount', 'amountSpent.currencyCode', 'updatedAt'];
const under = (prefix: string, fields: string[]) => fields.map((field) => `${prefix}.${field}`);
const PAGE_INFO = ['pageInfo.hasNextPage', 'pageInfo.endCursor'];

describe('the documents', () => {
  const all: ShopifyQuery[] = [...Object.values(PAGE_QUERIES), ...Object.values(PAGE_QUERIES).flatMap((q) => (q.nested ? [q.nested.rest] : [])), ...Object.values(COUNT_QUERIES), SHOP_QUERY, BULK_RUN_MUTATION, BULK_STATUS_QUERY];

  it.each(all.map((query) => [query.name, query] as const))('%s parses, named as its cost is remembered', (_name, query) => {
    const operation = parse(query.document).definitions[0] as OperationDefinitionNode;
    expect(operation.name?.value).toBe(query.name);
  });

  it('select exactly the fields PLATFORMS.md lists', () => {
    expect(fieldPaths(selectionOf(PAGE_QUERIES.orders.document)).sort()).toEqual(
      [...under('orders.nodes', ORDER), ...under('orders.nodes.lineItems.nodes', LINE_ITEM), ...under('orders.nodes.lineItems', PAGE_INFO), ...under('orders', PAGE_INFO)].sort(),
    );
    expect(fieldPaths(selectionOf(PAGE_QUERIES.products.document)).sort()).toEqual(
      [...under('products.nodes', PRODUCT), ...under('products.nodes.variants.nodes', VARIANT), ...under('products.nodes.variants', PAGE_INFO), ...under('products', PAGE_INFO)].sort(),
    );
    expect(fieldPaths(selectionOf(PAGE_QUERIES.customers.document)).sort()).toEqual([...under('customers.nodes', CUSTOMER), ...under('customers', PAGE_INFO)].sort());
    expect(fieldPaths(selectionOf(PAGE_QUERIES.orders.nested!.rest.document)).sort()).toEqual([...under('order.lineItems.nodes', LINE_ITEM), ...under('order.lineItems', PAGE_INFO)].sort());
    expect(fieldPaths(selectionOf(PAGE_QUERIES.products.nested!.rest.document)).sort()).toEqual([...under('product.variants.nodes', VARIANT), ...under('product.variants', PAGE_INFO)].sort());
    expect(fieldPaths(selectionOf(BULK_STATUS_QUERY.document)).sort()).toEqual(under('node', ['id', 'status', 'errorCode', 'objectCount', 'url', 'partialDataUrl']).sort());
  });

  it('pages read in sortKey order, never reversed, with the search and cursor as variables', () => {
    for (const query of Object.values(PAGE_QUERIES)) {
      expect(query.document).toContain(`${query.field}(first: $first, after: $after, query: $query, sortKey: $sortKey, reverse: false)`);
    }
  });
});

describe('requested costs', () => {
  it.each(Object.values(PAGE_QUERIES).map((query) => [query.name, query] as const))('%s: its estimate is Shopify’s arithmetic, well under the 1,000 a query may cost', (_name, query) => {
    const cost = requestedCost(query.document, { first: query.pageSize });
    expect(query.estimatedCost).toBe(cost);
    expect(cost).toBeLessThanOrEqual(700);
    const rest = query.nested?.rest;
    if (rest) {
      expect(rest.estimatedCost).toBe(requestedCost(rest.document));
      expect(rest.estimatedCost).toBeLessThanOrEqual(700);
    }
  });

  it('counts, the shop and the bulk status cost one object each', () => {
    for (const query of [...Object.values(COUNT_QUERIES), SHOP_QUERY, BULK_STATUS_QUERY]) expect([query.name, requestedCost(query.document)]).toEqual([query.name, query.estimatedCost]);
  });
});

describe('bulk queries', () => {
  it('the page’s fields, nested connections whole (no first), in edges/node form, the search as a GraphQL string', () => {
    const search = `updated_at:>='2026-01-01T00:00:00Z'`;
    const query = bulkQueryOf('orders', search);
    const selection = (parse(query).definitions[0] as OperationDefinitionNode).selectionSet;
    expect(fieldPaths(selection).sort()).toEqual([...under('orders.edges.node', ORDER), ...under('orders.edges.node.lineItems.edges.node', LINE_ITEM)].sort());
    const orders = selection.selections[0] as FieldNode;
    expect(orders.arguments!.map((a) => [a.name.value, a.value.kind === Kind.STRING ? a.value.value : null])).toEqual([['query', search]]);
    expect(query).not.toMatch(/first:/);
    expect(fieldPaths((parse(bulkQueryOf('products', null)).definitions[0] as OperationDefinitionNode).selectionSet).sort()).toEqual(
      [...under('products.edges.node', PRODUCT), ...under('products.edges.node.variants.edges.node', VARIANT)].sort(),
    );
    expect(fieldPaths((parse(bulkQueryOf('customers', null)).definitions[0] as OperationDefinitionNode).selectionSet).sort()).toEqual(under('customers.edges.node', CUSTOMER).sort());
  });

  it('a search with quotes and backslashes stays one string argument', () => {
    const search = `title:"a \\ b" AND tag:'x'`;
    const orders = (parse(bulkQueryOf('orders', search)).definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
    const value = orders.arguments![0]!.value;
    expect(value.kind === Kind.STRING && value.value).toBe(search);
  });

  it('the mutation asks for no grouping (ungrouped is the default since 2026-01)', () => {
    expect(BULK_RUN_MUTATION.document).not.toMatch(/groupObjects/);
    expect(fieldPaths(selectionOf(BULK_RUN_MUTATION.document)).sort()).toEqual(
      ['bulkOperationRunQuery.bulkOperation.id', 'bulkOperationRunQuery.bulkOperation.status', ...under('bulkOperationRunQuery.userErrors', ['field', 'message', 'code'])].sort(),
    );
  });
});

describe('searchFilter', () => {
  it('full UTC timestamps with Z, joined with AND; null without bounds', () => {
    expect(searchFilter({ updatedSince: new Date('2026-01-01T00:00:00Z') })).toBe(`updated_at:>='2026-01-01T00:00:00Z'`);
    expect(searchFilter({ createdSince: new Date('2025-12-01T00:00:00Z'), createdUntil: new Date('2026-01-01T00:00:00Z') })).toBe(
      `created_at:>='2025-12-01T00:00:00Z' AND created_at:<'2026-01-01T00:00:00Z'`,
    );
    expect(searchFilter({})).toBeNull();
  });

  it('whole seconds, rounded outward: nothing inside the window is left out', () => {
    expect(searchFilter({ updatedSince: new Date('2026-01-01T10:20:30.999Z'), createdUntil: new Date('2026-01-02T00:00:00.001Z') })).toBe(
      `updated_at:>='2026-01-01T10:20:30Z' AND created_at:<'2026-01-02T00:00:01Z'`,
    );
  });

  it('never a bare date, whatever the time zone of the process', () => {
    expect(searchFilter({ updatedSince: new Date(2026, 0, 1) })).toMatch(/^updated_at:>='\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ'$/);
    expect(() => searchFilter({ updatedSince: new Date(Number.NaN) })).toThrow(RangeError);
  });
});
