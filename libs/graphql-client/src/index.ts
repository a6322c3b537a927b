export { createApolloClient, createCache, type ApolloClientOptions } from './lib/apollo-client';
export * from './lib/operations';
export * from './lib/porteur-operations';
export { login, logout, type LoginResult, type LoggedInUser } from './lib/auth-api';
export { gatewayErrorInfo, gatewayErrorExtensions, type GatewayErrorInfo } from './lib/errors';
export * from './lib/instruction-operations';
export * from './lib/follow-up-operations';
export * from './lib/convention-operations';
