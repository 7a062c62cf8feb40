/**
 * The checks Shopify makes on a bulk query before it runs
 * (https://shopify.dev/docs/api/usage/bulk-operations/queries#operation-restrictions): a valid
 * query against the schema, whose root field is a connection (the simulator asks that; Shopify
 * also takes an object root), at least one and at most five connections, nested at most two
 * deep, and a parent node that selects `id` for every nested connection (children name it in
 * `__parentId`). Connections need no `first` here.
 */
import { getNamedType, isLeafType, isObjectType, Kind, parse, validate, type DocumentNode, type GraphQLCompositeType, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { BulkUserError } from './resolvers.js';
import { isConnectionTypeName } from './schema.js';
import { collectFields, fragmentsOf, type SelectionScope } from './selection-fields.js';

export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_DEPTH = 2;

const invalid = (message: string): { userErrors: BulkUserError[] } => ({ userErrors: [{ field: ['query'], message, code: 'INVALID' }] });

interface Tally {
  connections: number;
  depth: number;
  withoutId: string[];
}

/** Node selections of a connection field's selection: `edges { node {…} }` and `nodes {…}`. */
function nodeSelections(scope: SelectionScope, set: SelectionSetNode, connection: GraphQLCompositeType): { set: SelectionSetNode; type: GraphQLCompositeType }[] {
  const out: { set: SelectionSetNode; type: GraphQLCompositeType }[] = [];
  for (const { node, type } of collectFields(scope, set, connection)) {
    if (!node.selectionSet || !isObjectType(type)) continue;
    const itemType = getNamedType(type.getFields()[node.name.value]?.type);
    if (node.name.value === 'nodes' && itemType) out.push({ set: node.selectionSet, type: itemType as GraphQLCompositeType });
    if (node.name.value === 'edges' && itemType && isObjectType(itemType)) {
      for (const edgeField of collectFields(scope, node.selectionSet, itemType)) {
        if (edgeField.node.name.value !== 'node' || !edgeField.node.selectionSet) continue;
        out.push({ set: edgeField.node.selectionSet, type: getNamedType(itemType.getFields().node!.type) as GraphQLCompositeType });
      }
    }
  }
  return out;
}

/** Counts connections under `set`; `depth`: how many connections enclose it. */
function walk(scope: SelectionScope, set: SelectionSetNode, type: GraphQLCompositeType, depth: number, tally: Tally): void {
  for (const { node, type: owner } of collectFields(scope, set, type)) {
    if (!node.selectionSet || !('getFields' in owner)) continue;
    const named = getNamedType(owner.getFields()[node.name.value]?.type);
    if (!named || isLeafType(named)) continue;
    if (!isConnectionTypeName(named.name)) {
      walk(scope, node.selectionSet, named as GraphQLCompositeType, depth, tally);
      continue;
    }
    tally.connections += 1;
    tally.depth = Math.max(tally.depth, depth + 1);
    for (const item of nodeSelections(scope, node.selectionSet, named as GraphQLCompositeType)) {
      const fields = collectFields(scope, item.set, item.type);
      const hasNestedConnection = fields.some(({ node: f, type: t }) => 'getFields' in t && isConnectionTypeName(getNamedType(t.getFields()[f.name.value]?.type)?.name ?? ''));
      const selectsId = fields.some(({ node: f }) => f.name.value === 'id' && !f.alias);
      if (hasNestedConnection && !selectsId) tally.withoutId.push(node.name.value);
      walk(scope, item.set, item.type, depth + 1, tally);
    }
  }
}

/** The parsed query, or Shopify's userErrors for it. */
export function checkBulkQuery(schema: GraphQLSchema, query: string): { document: DocumentNode } | { userErrors: BulkUserError[] } {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return invalid(`Invalid bulk query: ${(error as Error).message}`);
  }
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0]!.operation !== 'query') return invalid('Invalid bulk query: a bulk query must contain exactly one query operation.');
  const errors = validate(schema, document);
  if (errors.length > 0) return invalid(`Invalid bulk query: ${errors.map((error) => error.message).join(' ')}`);
  const scope = { schema, fragments: fragmentsOf(document.definitions) };
  const root = collectFields(scope, operations[0]!.selectionSet, schema.getQueryType()!);
  const rootType = root.length === 1 ? getNamedType(schema.getQueryType()!.getFields()[root[0]!.node.name.value]?.type) : undefined;
  if (!rootType || !isConnectionTypeName(rootType.name)) return invalid('Bulk queries must have exactly one root field, and it must be a connection.');
  const tally: Tally = { connections: 0, depth: 0, withoutId: [] };
  walk(scope, operations[0]!.selectionSet, schema.getQueryType()!, 0, tally);
  if (tally.connections > MAX_BULK_CONNECTIONS) return invalid(`Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`);
  if (tally.depth > MAX_BULK_DEPTH) return invalid(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_BULK_DEPTH}.`);
  if (tally.withoutId.length > 0) {
    return invalid(`The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': ${tally.withoutId.join(', ')}.`);
  }
  return { document };
}
