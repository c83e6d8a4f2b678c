import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

type Rule = (context: ValidationContext) => ASTVisitor;

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  return new Map(context.getDocument().definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
}

/** Depth of a selection set, following fragments (a fragment cycle is another rule's error). */
function depth(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!set) return 0;
  let max = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value.startsWith('__')) continue;
      max = Math.max(max, 1 + depth(s.selectionSet, fragments, seen));
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depth(s.selectionSet, fragments, seen));
    } else {
      const name = s.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      max = Math.max(max, depth(fragment.selectionSet, fragments, new Set([...seen, name])));
    }
  }
  return max;
}

/**
 * A rough cost: every field costs 1, and a field with a `first` argument multiplies what is below
 * it by that many (validation sees no variables, so a variable counts as 100), so one request can't ask for every employee's
 * every relation at once.
 */
function cost(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!set) return 0;
  let total = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      const first = s.arguments?.find((a) => a.name.value === 'first')?.value;
      let factor = 1;
      if (first?.kind === Kind.INT) factor = Number(first.value);
      else if (first?.kind === Kind.VARIABLE) factor = 100;
      total += 1 + Math.max(1, factor) * cost(s.selectionSet, fragments, seen);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      total += cost(s.selectionSet, fragments, seen);
    } else {
      const fragment = fragments.get(s.name.value);
      if (fragment && !seen.has(s.name.value)) total += cost(fragment.selectionSet, fragments, new Set([...seen, s.name.value]));
    }
  }
  return total;
}

const limitError = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

export function depthLimit(max: number): Rule {
  return (context) => ({
    OperationDefinition(node) {
      const d = depth(node.selectionSet, fragmentsOf(context), new Set());
      if (d > max) context.reportError(limitError(`The query is ${d} levels deep; at most ${max} are allowed.`));
    },
  });
}

export function costLimit(max: number): Rule {
  return (context) => ({
    OperationDefinition(node) {
      const c = cost(node.selectionSet, fragmentsOf(context), new Set());
      if (c > max) context.reportError(limitError(`The query would cost ${c}; at most ${max} is allowed. Ask for smaller pages.`));
    },
  });
}
