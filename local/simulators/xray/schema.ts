/**
 * The Xray GraphQL schema, built from the project copy of Xray's SDL (contracts/xray/xray_schema.graphql), and
 * Xray's node limits checked on every document: each `limit` within 1..100 and at most 10,000 items per call
 * (a connection's limit multiplied by the limits of the connections around it).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildSchema,
  GraphQLError,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export const SCHEMA_PATH = resolve(__dirname, '../../../contracts/xray/xray_schema.graphql');
export const MAX_ITEMS = 10_000;

let cached: GraphQLSchema | undefined;
export function xraySchema(): GraphQLSchema {
  return (cached ??= buildSchema(readFileSync(SCHEMA_PATH, 'utf8')));
}

/** Errors for limits outside 1..100 and for operations asking for more than 10,000 items. */
export function checkNodeLimits(doc: DocumentNode, variables: Record<string, unknown>, operationName?: string): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const ops: OperationDefinitionNode[] = [];
  for (const d of doc.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    if (d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName)) ops.push(d);
  }
  const errors: GraphQLError[] = [];
  const walk = (set: SelectionSetNode | undefined, multiplier: number, seen: Set<string>): number => {
    if (!set) return 0;
    let items = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(sel.name.value);
        if (f && !seen.has(f.name.value)) items += walk(f.selectionSet, multiplier, new Set([...seen, f.name.value]));
        continue;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        items += walk(sel.selectionSet, multiplier, seen);
        continue;
      }
      const arg = sel.arguments?.find((a) => a.name.value === 'limit');
      if (!arg) {
        items += walk(sel.selectionSet, multiplier, seen);
        continue;
      }
      const limit = Number(valueFromASTUntyped(arg.value, variables));
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        errors.push(new GraphQLError(`The limit of ${sel.name.value} must be between 1 and 100 (got ${String(limit)}).`, { nodes: [sel] }));
        continue;
      }
      const here = multiplier * limit;
      items += here + walk(sel.selectionSet, here, seen);
    }
    return items;
  };
  for (const op of ops) {
    const total = walk(op.selectionSet, 1, new Set());
    if (total > MAX_ITEMS) {
      errors.push(new GraphQLError(`The query requests ${total} items, more than the limit of ${MAX_ITEMS}.`, { nodes: [op] }));
    }
  }
  return errors;
}
