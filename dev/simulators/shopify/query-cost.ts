/**
 * Query cost as Shopify calculates it (https://shopify.dev/docs/api/usage/limits#cost-calculation):
 * scalars and enums cost 0, objects 1, a connection 2 plus, per node it may return, the cost of
 * the node's selection (1 for the node object and its own nested costs); a mutation costs 10.
 * The requested cost sizes connections by `first`/`last`; the actual cost counts the nodes the
 * response holds. Connection plumbing (edges, PageInfo) costs nothing beyond the 2, and an
 * abstract type's fragments are all counted (an upper bound, where Shopify takes the largest).
 */
import {
  getNamedType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLCompositeType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { isConnectionTypeName } from './schema.js';
import { collectFields as fields, type SelectionScope } from './selection-fields.js';

export const MUTATION_COST = 10;

interface Walk extends SelectionScope {
  variables: Record<string, unknown>;
}

type Data = Record<string, unknown> | null | undefined;

function intArgument(walk: Walk, node: FieldNode, name: string): number | null {
  const value: ValueNode | undefined = node.arguments?.find((argument) => argument.name.value === name)?.value;
  if (!value) return null;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const given = walk.variables[value.name.value];
    return typeof given === 'number' ? given : null;
  }
  return null;
}

const responseKey = (node: FieldNode): string => node.alias?.value ?? node.name.value;

/** The cost of `set` on `type`; with `data` (the response's object), what it actually cost. */
function selectionCost(walk: Walk, set: SelectionSetNode, type: GraphQLCompositeType, data: Data, actual: boolean): number {
  let sum = 0;
  for (const { node, type: owner } of fields(walk, set, type)) {
    if (!isObjectType(owner) && !isInterfaceType(owner)) continue;
    const definition = owner.getFields()[node.name.value];
    if (!definition || !node.selectionSet) continue;
    const named = getNamedType(definition.type);
    if (isLeafType(named)) continue;
    const value = data?.[responseKey(node)];
    if (actual && (value === null || value === undefined)) continue;
    if (isConnectionTypeName(named.name)) sum += connectionCost(walk, node, named as GraphQLCompositeType, value as Data, actual);
    else if (Array.isArray(value)) for (const item of value) sum += 1 + selectionCost(walk, node.selectionSet, named as GraphQLCompositeType, item as Data, actual);
    else sum += 1 + selectionCost(walk, node.selectionSet, named as GraphQLCompositeType, value as Data, actual);
  }
  return sum;
}

/** 2, plus each node's cost: `first`/`last` of them requested, the returned ones actually. */
function connectionCost(walk: Walk, node: FieldNode, type: GraphQLCompositeType, data: Data, actual: boolean): number {
  let cost = 2;
  const size = intArgument(walk, node, 'first') ?? intArgument(walk, node, 'last') ?? 0;
  for (const part of fields(walk, node.selectionSet!, type)) {
    const name = part.node.name.value;
    if ((name !== 'edges' && name !== 'nodes') || !part.node.selectionSet || !isObjectType(part.type)) continue;
    const itemType = getNamedType(part.type.getFields()[name]!.type) as GraphQLCompositeType;
    const items = actual ? ((data?.[responseKey(part.node)] as Data[] | undefined) ?? []) : Array.from({ length: size }, () => undefined);
    for (const item of items) {
      if (name === 'nodes') cost += 1 + selectionCost(walk, part.node.selectionSet, itemType, item, actual);
      else cost += selectionCost(walk, part.node.selectionSet, itemType, item, actual); // edge → node: the node object is its 1
    }
  }
  return cost;
}

export interface CostInput extends Walk {
  operation: OperationDefinitionNode;
}

/** requestedQueryCost. */
export function requestedCost(input: CostInput): number {
  if (input.operation.operation === 'mutation') return MUTATION_COST * fields(input, input.operation.selectionSet, input.schema.getMutationType()!).length;
  return selectionCost(input, input.operation.selectionSet, input.schema.getQueryType()!, undefined, false);
}

/** actualQueryCost, from the response's `data`. */
export function actualCost(input: CostInput, data: Record<string, unknown> | null | undefined): number {
  if (input.operation.operation === 'mutation') return requestedCost(input);
  return selectionCost(input, input.operation.selectionSet, input.schema.getQueryType()!, data ?? null, true);
}
