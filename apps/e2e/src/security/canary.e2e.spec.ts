/**
 * Issue 8, lines 5 and 10 — secrets and error bodies.
 * Canary run: unique passwords and tokens go through sign-up, login, failing logins, reset, API-token
 * creation, use and revocation; then every log file of the stack, every error body received and every
 * URL requested are searched for them: zero hits. Revocation takes effect within the documented
 * cache delay (30 s). Error bodies never carry a stack trace, SQL or an internal address.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { linkIn, waitForMail } from '../support/mailbox';
import { stackInfo } from '../support/stack-file';
import { login } from './actors';

const LEAKS = /\bat [\w$.<>]+ \(|node:internal|\.ts:\d+|QueryFailedError|SELECT |INSERT INTO|UPDATE \w+ SET|syntax error at|127\.0\.0\.1|localhost|ECONNREFUSED|request to http/;

describe('canaries and error bodies', () => {
  const { urls, logDir } = stackInfo();
  const gateway = urls.gateway;
  const canaries: string[] = [];
  const canary = (label: string) => {
    const value = `canari-${label}-${randomUUID()}`;
    canaries.push(value);
    return value;
  };
  const requested: string[] = [];
  const errorBodies: string[] = [];

  async function call(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
    const url = `${gateway}${path}`;
    requested.push(url);
    const response = await fetch(url, { ...init, headers: { 'apollo-require-preflight': 'true', ...(init.headers ?? {}) } });
    const text = await response.text();
    if (response.status >= 400 || text.includes('"errors"')) errorBodies.push(text);
    return { status: response.status, text, json: () => JSON.parse(text) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] } };
  }
  const graphql = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
    call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const loginWith = (email: string, password: string) =>
    call('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.200' }, body: JSON.stringify({ email, password }) });

  it('keeps canary passwords and tokens out of logs, error bodies and URLs', async () => {
    const email = `canari.${randomUUID().slice(0, 8)}@exemple.fr`;
    const password = canary('mdp');
    expect((await graphql('mutation($input: SignUpInput!) { signUp(input: $input) { ok } }', { input: { email, password, displayName: 'Compte canari' } })).json().errors).toBeUndefined();
    // a sign-up with a too short canary password fails: its error must not echo it
    await graphql('mutation($input: SignUpInput!) { signUp(input: $input) { ok } }', { input: { email: `x${email}`, password: canary('court').slice(0, 11), displayName: 'x' } });
    const activation = new URL(linkIn(await waitForMail(email, /activez/i), 'http')).searchParams.get('token') as string;
    canaries.push(activation);
    await graphql('mutation($t: String!) { activateAccount(token: $t) }', { t: activation });
    expect((await loginWith(email, password)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await loginWith(email, canary(`faux${i}`))).status).toBe(401);
    expect((await loginWith(`inconnu.${email}`, canary('inconnu'))).status).toBe(401);

    await graphql('mutation($e: String!) { requestPasswordReset(email: $e) }', { e: email });
    const reset = new URL(linkIn(await waitForMail(email, /réinitialisation/i), 'http')).searchParams.get('token') as string;
    canaries.push(reset);
    await graphql('mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }', { t: canary('jeton-faux'), p: canary('mdp-refuse') });
    const newPassword = canary('nouveau-mdp');
    expect((await graphql('mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }', { t: reset, p: newPassword })).json().data).toEqual({ resetPassword: true });
    const session = await loginWith(email, newPassword);
    expect(session.status).toBe(200);

    // API token: created by the CNSA, used, misused, revoked.
    const cnsaCookie = await login(gateway, 'cnsa@demo.esms-numerique.fr', undefined, '192.0.2.201');
    const created = (await graphql('mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }', { input: { label: 'Canari', scopes: ['aggregates:read'], expiresInDays: 1 } }, { cookie: cnsaCookie })).json();
    const token = (created.data?.['createApiToken'] as { token: string; apiToken: { id: string } }).token;
    const tokenId = (created.data?.['createApiToken'] as { apiToken: { id: string } }).apiToken.id;
    canaries.push(token);
    expect((await graphql('{ regions { code } }', {}, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await graphql('{ apiTokens { id } }', {}, { authorization: `Bearer ${token}` })).json().errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await graphql('{ regions { code } }', {}, { authorization: `Bearer ${canary('jeton-api')}` })).status).toBe(401);
    await graphql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: tokenId }, { cookie: cnsaCookie });
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 40_000) {
      status = (await graphql('{ regions { code } }', {}, { authorization: `Bearer ${token}` })).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThanOrEqual(31_000); // the gateway trusts a resolved token 30 s at most

    await new Promise((r) => setTimeout(r, 500)); // let the log streams flush
    const logFiles: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else logFiles.push(path);
      }
    };
    walk(logDir);
    expect(logFiles.length).toBeGreaterThanOrEqual(4);
    const hits: string[] = [];
    for (const file of logFiles) {
      const text = readFileSync(file, 'utf8');
      for (const c of canaries) if (text.includes(c)) hits.push(`${file}: ${c}`);
    }
    for (const body of errorBodies) for (const c of canaries) if (body.includes(c)) hits.push(`error body: ${c}`);
    for (const url of requested) for (const c of canaries) if (url.includes(c)) hits.push(`url: ${c}`);
    expect(errorBodies.length).toBeGreaterThan(3);
    expect(hits).toEqual([]);
  }, 120_000);

  it('never shows a stack trace, SQL or an internal address in an error body', async () => {
    const cnsaCookie = await login(gateway, 'cnsa@demo.esms-numerique.fr', undefined, '192.0.2.202');
    const probes = [
      () => call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{ pas du json' }),
      () => call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ candidature(id: "pas-un-uuid") { id } }' }) }),
      () => call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', cookie: cnsaCookie }, body: JSON.stringify({ query: '{ candidature(id: "pas-un-uuid\' OR 1=1 --") { id } }' }) }),
      () => call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', cookie: cnsaCookie }, body: JSON.stringify({ query: 'query($id: ID!) { evaluation(id: $id) { id } }', variables: { id: '\u0000' } }) }),
      () => call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', cookie: cnsaCookie }, body: JSON.stringify({ query: '{ searchEstablishments(query: "%\'; DROP TABLE x; --", limit: 5) { finess } }' }) }),
      () => call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ nope }' }) }),
      () => call('/graphql', { method: 'PUT' }),
      () => call('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' }),
      () => call('/files/pieces/pas-un-uuid', { headers: { cookie: cnsaCookie } }),
      () => call('/files/exports/candidatures.xlsx?sort=%27%3B--', { headers: { cookie: cnsaCookie } }),
      () => call('/files/candidatures/pas-un-uuid/pieces/X', { method: 'POST', headers: { cookie: cnsaCookie, 'content-type': 'application/pdf' }, body: 'x' }),
      () => call('/nulle-part'),
    ];
    for (const probe of probes) {
      const res = await probe();
      expect({ status: res.status < 600, leak: res.text.match(LEAKS)?.[0] ?? null, text: res.text.slice(0, 300) }).toEqual({ status: true, leak: null, text: res.text.slice(0, 300) });
    }
    for (const body of errorBodies) expect(body.match(LEAKS)?.[0] ?? null).toBeNull();
  });
});
