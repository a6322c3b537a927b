import { CombinedGraphQLErrors } from '@apollo/client/errors';

export interface GatewayErrorInfo {
  /** `extensions.code` of the first GraphQL error (BAD_USER_INPUT, FORBIDDEN…), or NETWORK. */
  code: string;
  /** The gateway's French message, when it sent one. */
  message?: string;
}

/** What a page needs to explain an Apollo error to the person. */
export function gatewayErrorInfo(error: unknown): GatewayErrorInfo {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = typeof first?.extensions?.['code'] === 'string' ? (first.extensions['code'] as string) : 'UNKNOWN';
    return { code, message: first?.message };
  }
  return { code: 'NETWORK' };
}

/** The `extensions` of the first GraphQL error (e.g. `problems`, `missingPieces`, `reason` of a refused submission). */
export function gatewayErrorExtensions(error: unknown): Record<string, unknown> {
  if (CombinedGraphQLErrors.is(error)) return { ...(error.errors[0]?.extensions ?? {}) };
  return {};
}
