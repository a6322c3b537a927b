import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, valueFromASTUntyped, visit, type DocumentNode } from 'graphql';

export const MAX_PAGE_SIZE = 100;
const PAGE_ARGUMENTS = new Set(['limit', 'first', 'last', 'pageSize']);

/** The page-size arguments of a document above `max` (literals and variables), as `field.argument=value`. */
export function oversizedPages(document: DocumentNode, variables: Record<string, unknown> = {}, max = MAX_PAGE_SIZE): string[] {
  const found: string[] = [];
  visit(document, {
    Field(field) {
      for (const argument of field.arguments ?? []) {
        if (!PAGE_ARGUMENTS.has(argument.name.value)) continue;
        const value = argument.value.kind === Kind.VARIABLE ? variables[argument.value.name.value] : valueFromASTUntyped(argument.value);
        if (typeof value === 'number' && value > max) found.push(`${field.name.value}.${argument.name.value}=${value}`);
      }
    },
  });
  return found;
}

/** Every list field that takes a page size (`limit`…) is capped at 100 at the edge, whatever the subgraph allows. */
export function pageSizePlugin<T extends object>(max = MAX_PAGE_SIZE): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const oversized = oversizedPages(document, request.variables ?? {}, max);
          if (oversized.length) {
            throw new GraphQLError(`Au plus ${max} résultats par page : demandez la suite avec offset (${oversized.join(', ')}).`, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
