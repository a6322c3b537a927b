import type { InternalRoute } from '@esms/server-kit';
import { accountContacts } from './contacts-route';
import { login, logout, resolveApiToken, resolveSession } from './identity.service';

type Body = Record<string, unknown>;
const asBody = (body: unknown): Body => (body && typeof body === 'object' ? (body as Body) : {});

/**
 * The gateway's authentication calls (SERVICE claims only, see server-kit):
 * - `auth/login` { email, password, ip } → { ok: true, sessionToken, expiresAt, user, claims } | { ok: false, code, retryAfterSeconds? }
 * - `auth/session` { token } → { claims } (null when expired, revoked or unknown)
 * - `auth/logout` { token } → { ok: true }
 * - `auth/api-token` { token } → { claims } (role API_CLIENT with its scopes, or null)
 * - `accounts/contacts` { ids } → { [id]: { email, displayName, role, regionCode } } (other subgraphs' notifications)
 */
export const identityInternalRoutes: Record<string, InternalRoute> = {
  'auth/login': (body, ctx) => {
    const b = asBody(body);
    return login(ctx.db, { email: b['email'], password: b['password'], ip: b['ip'] });
  },
  'auth/session': (body, ctx) => resolveSession(ctx.db, asBody(body)['token']),
  'auth/logout': (body, ctx) => logout(ctx.db, asBody(body)['token']),
  'auth/api-token': (body, ctx) => resolveApiToken(ctx.db, asBody(body)['token']),
  'accounts/contacts': accountContacts,
};
