import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The fixed list of error codes the API returns in `extensions.code` (documented in the README). */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY_REQUESTS',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error a person can act on: a French message and a stable code. */
export function apiError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const badInput = (message: string, extra: Record<string, unknown> = {}) => apiError('BAD_USER_INPUT', message, extra);
export const forbidden = (message = "Vous n'avez pas accès à cette ressource.") => apiError('FORBIDDEN', message);
export const unauthenticated = (message = 'Connectez-vous pour accéder à cette ressource.') => apiError('UNAUTHENTICATED', message);
/** Also the answer for objects outside the caller's scope, so that existence does not leak. */
export const notFound = (message = "Cet élément n'existe pas ou vous n'y avez pas accès.") => apiError('NOT_FOUND', message);
export const conflict = (message: string) => apiError('CONFLICT', message);

const INTERNAL_MESSAGE = "Une erreur interne est survenue. Réessayez dans quelques instants ; si elle persiste, contactez le support.";

/**
 * Apollo `formatError`: known codes pass through; anything else (a database error, a stack trace)
 * is masked so no internal detail reaches the client.
 */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.['code'] as string | undefined;
  const known = code && (ERROR_CODES as readonly string[]).includes(code) && code !== 'INTERNAL_SERVER_ERROR';
  const graphqlPhase = code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' || code === 'BAD_REQUEST' || code === 'PERSISTED_QUERY_NOT_FOUND';
  if (known || graphqlPhase) {
    const { stacktrace: _s, exception: _e, ...extensions } = formatted.extensions ?? {};
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions };
  }
  return { message: INTERNAL_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
