/* eslint-disable @typescript-eslint/no-explicit-any */
import { startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { callInternal } from '@esms/server-kit';
import { Identity1767225600100 } from '../migrations/1767225600100-identity';
import { configureEditorTokenGrant, EditorTokenResolver } from './editor-tokens';
import { identityEntities } from './identity.entities';
import { IdentityResolver } from './identity.resolver';
import { identityInternalRoutes } from './internal-routes';

jest.setTimeout(60_000);

const PROJECT = '5b0e7f4e-4a57-4a59-9d43-7f3f4f2a9c11';
const OTHER = '0c8e2b7a-1111-4a59-9d43-7f3f4f2a9c22';
const porteur = testClaims.porteur(['140599267'], '7d4f0f6e-0000-4000-8000-000000000001');
const stranger = testClaims.porteur(['762251460'], '7d4f0f6e-0000-4000-8000-000000000002');
const CREATE = `mutation ($c: ID!, $l: String!, $d: Int!) { createEditorApiToken(candidatureId: $c, label: $l, expiresInDays: $d) { token apiToken { id scopes expiresAt } } }`;

describe('DUI editor tokens (one project, expiry, revocation)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  const q = <T = any>(query: string, vars: Record<string, unknown>, claims: Claims) => querySubgraph<T>(subgraph.url, query, vars, claims);

  beforeAll(async () => {
    ensureTestSecret();
    // The candidature subgraph's answer: only this porteur, only this project.
    configureEditorTokenGrant(async (claims, id) => claims.sub === porteur.sub && id === PROJECT);
    db = await openTestDatabase({ name: 'editor_tokens', entities: identityEntities, migrations: [Identity1767225600100] });
    for (const who of [porteur, stranger]) {
      await db.dataSource.query(`INSERT INTO account (id, email, password_hash, display_name, role, status, created_at) VALUES ($1, $2, 'x', 'Porteur', 'PORTEUR', 'ACTIVE', now())`, [who.sub, `${who.sub}@test.fr`]);
    }
    subgraph = await startSubgraphServer({ definition: { name: 'annuaire', resolvers: [IdentityResolver, EditorTokenResolver] }, db: db.dataSource, internalRoutes: identityInternalRoutes });
  });
  afterAll(async () => {
    configureEditorTokenGrant(null);
    await subgraph?.stop();
    await db?.close();
  });

  it('the porteur issues a token scoped to its project only; it resolves to those scopes until revoked', async () => {
    const created = await q<any>(CREATE, { c: PROJECT, l: 'Éditeur Démo A', d: 90 }, porteur);
    expect(created.errors).toBeUndefined();
    const { token, apiToken } = created.data.createEditorApiToken;
    expect(apiToken.scopes).toEqual([`measurements:write:${PROJECT}`]);
    expect(new Date(apiToken.expiresAt).getTime() - Date.now()).toBeGreaterThan(89 * 86_400_000);
    const base = subgraph.url.replace(/\/graphql$/, '');
    const resolved = await callInternal<{ claims: Claims | null }>(base, 'auth/api-token', { token }, 'gateway');
    expect(resolved.claims).toMatchObject({ role: 'API_CLIENT', scopes: [`measurements:write:${PROJECT}`] });

    for (const [claims, project] of [[stranger, PROJECT], [porteur, OTHER]] as const) {
      const refused = await q(CREATE, { c: project, l: 'x', d: 30 }, claims);
      expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect((await q(CREATE, { c: PROJECT, l: 'x', d: 400 }, porteur)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await q<any>(`query ($c: ID!) { editorApiTokens(candidatureId: $c) { id } }`, { c: PROJECT }, porteur)).data.editorApiTokens).toEqual([{ id: apiToken.id }]);
    expect((await q(`mutation ($id: ID!) { revokeEditorApiToken(id: $id) { id } }`, { id: apiToken.id }, stranger)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const revoked = await q<any>(`mutation ($id: ID!) { revokeEditorApiToken(id: $id) { id revokedAt } }`, { id: apiToken.id }, porteur);
    expect(revoked.data.revokeEditorApiToken.revokedAt).toBeTruthy();
    expect((await callInternal<{ claims: Claims | null }>(base, 'auth/api-token', { token }, 'gateway')).claims).toBeNull();
  });
});
