import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type AuthChecker, type NonEmptyArray } from 'type-graphql';
import type { SubgraphContext } from './context';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-function-type */
export type ReferenceResolvers = Record<
  string,
  { __resolveReference: (reference: any, context: SubgraphContext) => unknown }
>;

export interface SubgraphDefinition {
  name: string;
  resolvers: NonEmptyArray<Function>;
  /** Types this subgraph extends but never returns from its own root fields (else they vanish from the SDL). */
  orphanedTypes?: Function[];
  /**
   * Entity resolution. These sit outside type-graphql's middleware (`@Authorized` does not reach
   * them): each one checks the caller's scope itself and resolves through a per-request DataLoader.
   */
  referenceResolvers?: ReferenceResolvers;
}

/** Roles in `@Authorized(...)` are checked against the gateway's signed claims. */
export const authChecker: AuthChecker<SubgraphContext> = ({ context }, roles) => {
  if (context.claims.role === 'PUBLIC') return false;
  return roles.length === 0 || roles.includes(context.claims.role);
};

/** The subgraph's Federation 2 schema (and its SDL, for composition). */
export async function buildFederatedSchema(definition: SubgraphDefinition): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes,
    skipCheck: true,
    authChecker,
    validate: false,
  });
  // graphql's printSchema drops @key: print with directives.
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<any>;
  for (const [typeName, reference] of Object.entries(definition.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as any;
  }
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers });
  return { schema, sdl };
}
