import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

export interface ApolloClientOptions {
  /** GraphQL endpoint; the apps proxy `/graphql` to the gateway so the session cookie stays same-origin. */
  uri?: string;
  /** A fetch implementation (tests, server-side rendering). Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** Cache identity of the federated entities the front reads (see architecture.md, Federation). */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      OrganismeGestionnaire: { keyFields: ['finessEj'] },
      Establishment: { keyFields: ['finess'] },
      Region: { keyFields: ['code'] },
    },
  });
}

/**
 * The Apollo Client every web app uses: same-origin cookie session, and the
 * `apollo-require-preflight` header the gateway's CSRF prevention expects.
 */
export function createApolloClient(options: ApolloClientOptions = {}): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({
      uri: options.uri ?? '/graphql',
      credentials: 'same-origin',
      headers: { 'apollo-require-preflight': 'true' },
      fetch: options.fetch,
    }),
    cache: createCache(),
  });
}
