/**
 * The callers of the security specs: demo accounts logged in through the real /auth/login, extra
 * accounts created through the real API (sign-up, e-mailed activation link), an API token.
 */
import { randomUUID } from 'node:crypto';
import { gql } from '../support/browser';
import { linkIn, waitForMail } from '../support/mailbox';

export const DEMO_PASSWORD = 'demo-esms-numerique-2026';
export const MISSING_ID = '00000000-0000-4000-8000-000000000000';

export interface Caller {
  name: string;
  headers: Record<string, string>;
}

/** Each spec file logs in from its own (documented, trusted-proxy) client address, so the per-IP limiter of one never locks another. */
export function clientIp(seed: string): string {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `198.51.${(h >> 8) % 250}.${(h % 250) + 1}`;
}

export async function login(gateway: string, email: string, password = DEMO_PASSWORD, ip = clientIp(email)): Promise<string> {
  const response = await fetch(`${gateway}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

export async function caller(gateway: string, name: string, email: string): Promise<Caller> {
  return { name, headers: { cookie: await login(gateway, email) } };
}

/** Signs up through the API, opens the activation link of the real e-mail, logs in. */
export async function newPorteur(gateway: string, label: string, password = `Pw-${randomUUID()}`): Promise<{ email: string; password: string; cookie: string }> {
  const email = `${label}.${randomUUID().slice(0, 8)}@exemple.fr`;
  const signUp = await gql<{ signUp: { ok: boolean } }>(gateway, 'mutation($input: SignUpInput!) { signUp(input: $input) { ok } }', {
    input: { email, password, displayName: `Porteur ${label}` },
  });
  if (!signUp.data?.signUp.ok) throw new Error(`signUp ${email}: ${JSON.stringify(signUp.errors)}`);
  const mail = await waitForMail(email, /./);
  const token = new URL(linkIn(mail, 'http')).searchParams.get('token');
  const activated = await gql(gateway, 'mutation($t: String!) { activateAccount(token: $t) }', { t: token });
  if (activated.errors) throw new Error(`activate ${email}: ${JSON.stringify(activated.errors)}`);
  return { email, password, cookie: await login(gateway, email, password) };
}

/** A CNSA-issued API token (role API_CLIENT) with the given scopes. */
export async function apiToken(gateway: string, cnsaCookie: string, scopes: string[], label = 'Jeton de test sécurité'): Promise<{ id: string; token: string }> {
  const created = await gql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
    gateway,
    'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }',
    { input: { label, scopes, expiresInDays: 1 } },
    { cookie: cnsaCookie },
  );
  if (!created.data) throw new Error(`createApiToken: ${JSON.stringify(created.errors)}`);
  return { id: created.data.createApiToken.apiToken.id, token: created.data.createApiToken.token };
}

/** A GET on the gateway (files), as the caller; the answer reduced to what may not differ. */
export async function getFile(gateway: string, path: string, headers: Record<string, string>) {
  const response = await fetch(`${gateway}${path}`, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, contentType: response.headers.get('content-type'), body: body.toString('utf8') };
}
