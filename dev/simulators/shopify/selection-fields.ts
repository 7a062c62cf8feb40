/**
 * The fields a selection set asks for, with the type each is asked on, fragments expanded: what
 * the cost calculation and the bulk-query checks walk. (Skip/include directives are not read: a
 * skipped field is counted, an over-estimate of its cost.)
 */
import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLSchema, type SelectionSetNode } from 'graphql';

export interface SelectionScope {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
}

export function collectFields(scope: SelectionScope, set: SelectionSetNode, type: GraphQLCompositeType): { node: FieldNode; type: GraphQLCompositeType }[] {
  const out: { node: FieldNode; type: GraphQLCompositeType }[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      out.push({ node: selection, type });
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : scope.fragments[selection.name.value];
    if (!fragment) continue;
    const condition = fragment.typeCondition ? (scope.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined) : type;
    out.push(...collectFields(scope, fragment.selectionSet, condition ?? type));
  }
  return out;
}

/** The fragments of a document by name. */
export function fragmentsOf(definitions: readonly { kind: string }[]): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[(definition as FragmentDefinitionNode).name.value] = definition as FragmentDefinitionNode;
  return fragments;
}
