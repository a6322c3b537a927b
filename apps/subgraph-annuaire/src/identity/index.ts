/** Identity capability of the annuaire: accounts, roles, sessions, API tokens (wired in ../subgraph.ts). */
export { identityEntities } from './identity.entities';
export { IdentityResolver } from './identity.resolver';
export { RegionInstructeursResolver } from './region-instructeurs';
export { EditorTokenResolver, configureEditorTokenGrant, editorScope } from './editor-tokens';
export { identityInternalRoutes } from './internal-routes';
export { seedDemoAccounts, DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts';
export { configureIdentity, type OrganismeLookup } from './identity.service';
export { Identity1767225600100 } from '../migrations/1767225600100-identity';
export { OutboxEmail1767225600200 } from '../migrations/1767225600200-outbox-email';
export { identityMailOutbox } from './identity-mail';
export { AccountRoleEnum, Me } from './identity.types';
