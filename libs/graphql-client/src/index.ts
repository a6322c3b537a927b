export { createApolloClient, createCache, type ApolloClientOptions } from './lib/apollo-client';
export * from './lib/operations';
export { login, logout, type LoginResult, type LoggedInUser } from './lib/auth-api';
export { gatewayErrorInfo, type GatewayErrorInfo } from './lib/errors';
export * from './lib/instruction-operations';
