/**
 * Issue 8, line 6 — login through the real stack: per-account lock (6 failures → 1 hour, 429 with
 * Retry-After even with the right password), per-IP limit (30 failures / 15 min; the stack trusts the
 * proxy's X-Forwarded-For, so each case uses its own documentation address), the same answer for an
 * unknown account, passwords of at least 12 characters (sign-up and reset), cookie flags.
 */
import { randomUUID } from 'node:crypto';
import { gql } from '../support/browser';
import { linkIn, waitForMail } from '../support/mailbox';
import { stackInfo } from '../support/stack-file';
import { DEMO_PASSWORD, newPorteur } from './actors';

async function attempt(gateway: string, email: string, password: string, ip: string) {
  const response = await fetch(`${gateway}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), setCookie: response.headers.get('set-cookie'), body: (await response.json()) as Record<string, unknown> };
}

describe('login through the real stack', () => {
  const gateway = stackInfo().urls.gateway;

  it('answers an unknown account exactly like a wrong password', async () => {
    const ip = '192.0.2.10';
    const wrong = await attempt(gateway, 'cnsa@demo.esms-numerique.fr', 'pas-le-bon-mot-de-passe', ip);
    const unknown = await attempt(gateway, `personne.${randomUUID()}@exemple.fr`, 'pas-le-bon-mot-de-passe', ip);
    expect(wrong.status).toBe(401);
    expect(unknown).toEqual(wrong);
  });

  it('locks an account after 6 failures: 429 with Retry-After, even with the right password, from any address', async () => {
    const account = await newPorteur(gateway, 'verrou');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt(gateway, account.email, `mauvais-mot-de-passe-${i}`, `192.0.2.${20 + i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await attempt(gateway, account.email, account.password, '192.0.2.99');
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(Number(locked.retryAfter)).toBeGreaterThan(3000);
    expect(locked.setCookie).toBeNull();
  });

  it('limits failures per client address: 429 with Retry-After from that address only', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < 30; i++) {
      const res = await attempt(gateway, `inconnu${i}.${randomUUID().slice(0, 6)}@exemple.fr`, 'mauvais-mot-de-passe', ip);
      expect(res.status).toBe(401);
    }
    const blocked = await attempt(gateway, 'cnsa@demo.esms-numerique.fr', DEMO_PASSWORD, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    expect(blocked.setCookie).toBeNull();
    const elsewhere = await attempt(gateway, 'cnsa@demo.esms-numerique.fr', DEMO_PASSWORD, '203.0.113.78');
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.setCookie).toMatch(/HttpOnly/i);
    expect(elsewhere.setCookie).toMatch(/SameSite=Lax/i);
  });

  it('requires passwords of at least 12 characters, at sign-up and at reset', async () => {
    const email = `court.${randomUUID().slice(0, 8)}@exemple.fr`;
    const short = await gql(gateway, 'mutation($input: SignUpInput!) { signUp(input: $input) { ok } }', { input: { email, password: '11-caracter', displayName: 'Court' } });
    expect(short.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(short.errors?.[0]?.message).toMatch(/12 caractères/);

    const account = await newPorteur(gateway, 'reinit');
    expect((await gql(gateway, 'mutation($e: String!) { requestPasswordReset(email: $e) }', { e: account.email })).errors).toBeUndefined();
    const mail = await waitForMail(account.email, /mot de passe/i);
    const token = new URL(linkIn(mail, 'http')).searchParams.get('token');
    expect(token).toBeTruthy();
    const tooShort = await gql(gateway, 'mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }', { t: token, p: 'abcdefghijk' });
    expect(tooShort.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await gql(gateway, 'mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }', { t: token, p: 'abcdefghijkl' });
    expect(ok.data).toEqual({ resetPassword: true });
    expect((await attempt(gateway, account.email, 'abcdefghijkl', '192.0.2.150')).status).toBe(200);
  });
});
