import { generateFinessKey } from '@esms/domain';
import { CLAIMS_HEADER, callInternal, createMailer, demoAccountId, serviceClaims, signClaims, startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Identity1767225600100 } from '../migrations/1767225600100-identity';
import { OutboxEmail1767225600200 } from '../migrations/1767225600200-outbox-email';
import { DEMO_PASSWORD, seedDemoAccounts } from './demo-accounts';
import { identityMailOutbox } from './identity-mail';
import { identityEntities } from './identity.entities';
import { IdentityResolver } from './identity.resolver';
import { configureIdentity, type LoginOutcome } from './identity.service';
import { identityInternalRoutes } from './internal-routes';
import { apiTokenDisplayPrefix, generateToken, hashToken } from './secrets';

const finess = (first8: string) => `${first8}${generateFinessKey(first8)}`;
const KNOWN_EJ = finess('14000001');
const UNKNOWN_EJ = finess('76000002');

/** Reads the e-mails written to the outbox folder (real nodemailer output), decoding quoted-printable. */
function outbox(dir: string): { to: string; text: string }[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return files.map((f) => {
    const raw = readFileSync(join(dir, f), 'latin1');
    const to = /^To: (.*)$/m.exec(raw)?.[1]?.trim() ?? '';
    const bytes = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const text = Buffer.from(bytes, 'latin1').toString('utf8');
    return { to, text };
  });
}
const tokenIn = (text: string, path: string) => new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text)?.[1];

jest.setTimeout(60_000);

describe('identity (annuaire)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let base: string;
  let outboxDir: string;
  const internal = <T>(route: string, body: unknown) => callInternal<T>(base, route, body, 'gateway');

  beforeAll(async () => {
    ensureTestSecret();
    outboxDir = mkdtempSync(join(tmpdir(), 'esms-identity-outbox-'));
    process.env['ESMS_OUTBOX_DIR'] = outboxDir;
    configureIdentity({
      mailer: createMailer(''), // no SMTP: real .eml files in the outbox folder
      findOrganisme: async (_m, ej) => (ej === KNOWN_EJ ? { name: 'Association Calvados Solidarité' } : null),
    });
    db = await openTestDatabase({ name: 'identity', entities: identityEntities, migrations: [Identity1767225600100, OutboxEmail1767225600200] });
    subgraph = await startSubgraphServer({
      definition: { name: 'annuaire', resolvers: [IdentityResolver] },
      db: db.dataSource,
      internalRoutes: identityInternalRoutes,
    });
    base = `http://127.0.0.1:${subgraph.port}`;
  }, 60_000);

  afterAll(async () => {
    await subgraph?.stop();
    if (db) await identityMailOutbox(db.dataSource).stop();
    await db?.close();
    rmSync(outboxDir, { recursive: true, force: true });
  });

  /** The e-mails delivered so far: waits for the outbox send each request started after its commit (it runs first). */
  const delivered = async () => {
    await identityMailOutbox(db.dataSource).dispatchOnce();
    return outbox(outboxDir);
  };

  const signUp = (email: string, password = 'un mot de passe solide') =>
    querySubgraph<{ signUp: { ok: boolean; message: string } }>(
      subgraph.url,
      'mutation($input: SignUpInput!) { signUp(input: $input) { ok message } }',
      { input: { email, password, displayName: 'Alex Martin' } },
      testClaims.public(),
    );

  async function activeAccount(email: string, password = 'un mot de passe solide'): Promise<void> {
    await signUp(email, password);
    const mail = (await delivered()).filter((m) => m.to === email).pop();
    const token = tokenIn(mail?.text ?? '', '/activation');
    const res = await querySubgraph(subgraph.url, 'mutation($t: String!) { activateAccount(token: $t) }', { t: token }, testClaims.public());
    expect(res.data).toEqual({ activateAccount: true });
  }

  async function loginClaims(email: string, password = 'un mot de passe solide'): Promise<Claims> {
    const res = await internal<LoginOutcome>('auth/login', { email, password, ip: '127.0.0.1' });
    if (!res.ok) throw new Error(`login failed: ${res.code}`);
    return res.claims;
  }

  it('stores tokens as SHA-256 and shows only a short prefix of API tokens', () => {
    const token = generateToken('esms_');
    expect(token).toMatch(/^esms_[A-Za-z0-9_-]{43}$/);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token.slice(5, 20));
    expect(apiTokenDisplayPrefix(token)).toBe(token.slice(0, 12));
  });

  it('refuses calls without gateway claims, and internal routes without SERVICE claims', async () => {
    expect((await querySubgraph(subgraph.url, '{ me { id } }', {}, null)).status).toBe(401);
    const res = await fetch(`${base}/internal/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signClaims(testClaims.cnsa()) },
      body: JSON.stringify({ email: 'x@y.fr', password: 'x' }),
    });
    expect(res.status).toBe(401);
  });

  it('signs up, activates through the e-mailed link, logs in, resolves and ends the session', async () => {
    const email = 'Alex.Martin@Exemple.fr';
    const first = await signUp(email);
    expect(first.data?.signUp.ok).toBe(true);
    const mail = (await delivered()).find((m) => m.to === 'alex.martin@exemple.fr');
    expect(mail?.text).toContain('http://127.0.0.1:4200/activation?token=');
    const token = tokenIn(mail?.text ?? '', '/activation') as string;

    // not active yet: a correct password learns it, a wrong one does not
    expect(await internal('auth/login', { email, password: 'un mot de passe solide' })).toEqual({ ok: false, code: 'ACCOUNT_NOT_ACTIVE' });
    expect(await internal('auth/login', { email, password: 'pas le bon mot de passe' })).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });

    const activate = (t: string) => querySubgraph<{ activateAccount: boolean }>(subgraph.url, 'mutation($t: String!) { activateAccount(token: $t) }', { t }, testClaims.public());
    expect((await activate(token)).data).toEqual({ activateAccount: true });
    const again = await activate(token);
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0]?.message).toMatch(/lien d'activation/);

    const login = await internal<LoginOutcome>('auth/login', { email: 'alex.martin@exemple.fr', password: 'un mot de passe solide', ip: '127.0.0.1' });
    if (!login.ok) throw new Error('login failed');
    expect(login.user).toMatchObject({ email: 'alex.martin@exemple.fr', displayName: 'Alex Martin', role: 'PORTEUR' });
    expect(login.claims).toMatchObject({ sub: login.user.id, role: 'PORTEUR', organismes: [] });
    expect(await internal('auth/session', { token: login.sessionToken })).toMatchObject({ claims: { sub: login.user.id, role: 'PORTEUR' } });

    const me = await querySubgraph<{ me: { email: string; role: string; organismes: unknown[] } }>(subgraph.url, '{ me { email role organismes { finessEj } } }', {}, login.claims);
    expect(me.data?.me).toEqual({ email: 'alex.martin@exemple.fr', role: 'PORTEUR', organismes: [] });
    expect((await querySubgraph(subgraph.url, '{ me { id } }', {}, testClaims.public())).data).toEqual({ me: null });

    await internal('auth/logout', { token: login.sessionToken });
    expect(await internal('auth/session', { token: login.sessionToken })).toEqual({ claims: null });
    expect(await internal('auth/session', { token: 'a'.repeat(43) })).toEqual({ claims: null });
  });

  it('answers a sign-up the same way whether the e-mail exists or not, and checks the password length', async () => {
    await activeAccount('deja.inscrit@exemple.fr');
    const known = await signUp('deja.inscrit@exemple.fr');
    const unknown = await signUp('nouveau.venu@exemple.fr');
    expect(known.data).toEqual(unknown.data);
    expect((await delivered()).filter((m) => m.to === 'deja.inscrit@exemple.fr').pop()?.text).toContain('déjà un compte');
    const short = await signUp('court@exemple.fr', 'trop-court');
    expect(short.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(short.errors?.[0]?.message).toMatch(/au moins 12 caractères/);
    const bad = await signUp('pas-une-adresse');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives the same answer for an unknown account and a wrong password, and locks after 6 failures', async () => {
    await activeAccount('verrou@exemple.fr');
    expect(await internal('auth/login', { email: 'personne@exemple.fr', password: 'un mot de passe solide' })).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    const answers: LoginOutcome[] = [];
    for (let i = 0; i < 6; i++) answers.push(await internal<LoginOutcome>('auth/login', { email: 'verrou@exemple.fr', password: `mauvais mot de passe ${i}` }));
    expect(answers.slice(0, 5).every((a) => !a.ok && a.code === 'INVALID_CREDENTIALS')).toBe(true);
    expect(answers[5]).toMatchObject({ ok: false, code: 'TOO_MANY_ATTEMPTS' });
    const locked = await internal<LoginOutcome>('auth/login', { email: 'verrou@exemple.fr', password: 'un mot de passe solide' });
    expect(locked).toMatchObject({ ok: false, code: 'TOO_MANY_ATTEMPTS' });
    expect(!locked.ok && locked.retryAfterSeconds).toBeGreaterThan(3500);

    // an unknown address locks the same way (the lock does not reveal which addresses exist)
    const unknown: LoginOutcome[] = [];
    for (let i = 0; i < 6; i++) unknown.push(await internal<LoginOutcome>('auth/login', { email: 'fantome@exemple.fr', password: `x${i}` }));
    expect(unknown[5]).toMatchObject({ ok: false, code: 'TOO_MANY_ATTEMPTS' });
  });

  it('resets a password through the e-mailed link, revoking open sessions', async () => {
    await activeAccount('oubli@exemple.fr');
    const before = await internal<LoginOutcome>('auth/login', { email: 'oubli@exemple.fr', password: 'un mot de passe solide' });
    if (!before.ok) throw new Error('login failed');
    const count = (await delivered()).length;
    const request = (email: string) => querySubgraph<{ requestPasswordReset: boolean }>(subgraph.url, 'mutation($e: String!) { requestPasswordReset(email: $e) }', { e: email }, testClaims.public());
    expect((await request('inconnu@exemple.fr')).data).toEqual({ requestPasswordReset: true });
    expect((await delivered()).length).toBe(count);
    expect((await request('OUBLI@exemple.fr')).data).toEqual({ requestPasswordReset: true });
    const token = tokenIn((await delivered()).filter((m) => m.to === 'oubli@exemple.fr').pop()?.text ?? '', '/reinitialisation');
    expect(token).toBeDefined();
    const reset = (password: string) => querySubgraph(subgraph.url, 'mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }', { t: token, p: password }, testClaims.public());
    expect((await reset('court')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await reset('un tout nouveau mot de passe')).data).toEqual({ resetPassword: true });
    expect(await internal('auth/session', { token: before.sessionToken })).toEqual({ claims: null });
    expect(await internal('auth/login', { email: 'oubli@exemple.fr', password: 'un mot de passe solide' })).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    expect(await internal('auth/login', { email: 'oubli@exemple.fr', password: 'un tout nouveau mot de passe' })).toMatchObject({ ok: true });
  });

  it('attaches a porteur to organismes: known → confirmed, unknown → declared for the ARS to confirm', async () => {
    await activeAccount('rattachement@exemple.fr');
    const claims = await loginClaims('rattachement@exemple.fr');
    const attach = (vars: Record<string, unknown>, as: Claims = claims) =>
      querySubgraph<{ attachOrganisme: { organismes: { finessEj: string; name: string; confirmed: boolean }[] } }>(
        subgraph.url,
        'mutation($f: String!, $n: String, $a: String) { attachOrganisme(finessEj: $f, declaredName: $n, declaredAddress: $a) { organismes { finessEj name confirmed } } }',
        vars,
        as,
      );
    expect((await attach({ f: '140000010' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await attach({ f: KNOWN_EJ }, testClaims.cnsa())).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await attach({ f: KNOWN_EJ })).data?.attachOrganisme.organismes).toEqual([{ finessEj: KNOWN_EJ, name: 'Association Calvados Solidarité', confirmed: true }]);
    const missing = await attach({ f: UNKNOWN_EJ });
    expect(missing.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(missing.errors?.[0]?.message).toMatch(/nom et l'adresse/);
    const declared = await attach({ f: UNKNOWN_EJ, n: 'Fondation Seine-Maritime', a: '1 rue du Port, 76000 Rouen' });
    expect(declared.data?.attachOrganisme.organismes).toContainEqual({ finessEj: UNKNOWN_EJ, name: 'Fondation Seine-Maritime', confirmed: false });
    expect((await loginClaims('rattachement@exemple.fr')).organismes).toEqual([KNOWN_EJ]);

    // the ARS of the FINESS region sees and confirms the declaration; another region does not see it
    const list = 'query { organismeDeclarationsToConfirm { accountId finessEj name address regionCode } }';
    expect((await querySubgraph<{ organismeDeclarationsToConfirm: unknown[] }>(subgraph.url, list, {}, testClaims.instructeur('93'))).data?.organismeDeclarationsToConfirm).toEqual([]);
    const seen = await querySubgraph<{ organismeDeclarationsToConfirm: { accountId: string; regionCode: string }[] }>(subgraph.url, list, {}, testClaims.instructeur('28'));
    expect(seen.data?.organismeDeclarationsToConfirm).toHaveLength(1);
    expect(seen.data?.organismeDeclarationsToConfirm[0]).toMatchObject({ finessEj: UNKNOWN_EJ, regionCode: '28', address: '1 rue du Port, 76000 Rouen' });
    const confirm = (as: Claims) =>
      querySubgraph(subgraph.url, 'mutation($a: ID!, $f: String!) { confirmOrganismeDeclaration(accountId: $a, finessEj: $f) }', { a: claims.sub, f: UNKNOWN_EJ }, as);
    expect((await confirm(testClaims.instructeur('93'))).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await confirm(testClaims.instructeur('28'))).data).toEqual({ confirmOrganismeDeclaration: true });
    expect((await loginClaims('rattachement@exemple.fr')).organismes.sort()).toEqual([KNOWN_EJ, UNKNOWN_EJ].sort());
  });

  it('creates API tokens (CNSA only), lists them without the secret, resolves and revokes them', async () => {
    const cnsa = testClaims.cnsa('00000000-0000-4000-8000-000000000001');
    await db.dataSource.query(
      `INSERT INTO account (id, email, password_hash, display_name, role, status) VALUES ($1, 'cnsa.test@exemple.fr', 'x', 'CNSA', 'CNSA', 'ACTIVE')`,
      [cnsa.sub],
    );
    const create = (input: Record<string, unknown>, as: Claims = cnsa) =>
      querySubgraph<{ createApiToken: { token: string; apiToken: { id: string; prefix: string; scopes: string[]; label: string } } }>(
        subgraph.url,
        'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id prefix scopes label expiresAt } } }',
        { input },
        as,
      );
    const valid = { label: 'Éditeur DUI', scopes: ['measurements:write'], expiresInDays: 90 };
    expect((await create(valid, testClaims.porteur([]))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await create({ ...valid, expiresInDays: 400 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await create({ ...valid, scopes: ['tout'] })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await create({ ...valid, scopes: ['files:read:corse'] })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const programme = (await create({ ...valid, scopes: ['aggregates:read', 'files:read:28', 'measurements:write:0b7a4c1e-1d2f-4a3b-9c8d-7e6f5a4b3c2d', 'webhooks:manage'] })).data?.createApiToken;
    expect(programme?.apiToken.scopes).toEqual(['aggregates:read', 'files:read:28', 'measurements:write:0b7a4c1e-1d2f-4a3b-9c8d-7e6f5a4b3c2d', 'webhooks:manage']);
    await db.dataSource.query(`DELETE FROM api_token WHERE id = $1`, [programme?.apiToken.id]);
    const created = (await create(valid)).data?.createApiToken;
    expect(created?.token).toMatch(/^esms_/);
    expect(created?.apiToken.prefix).toBe(created?.token.slice(0, 12));

    const listed = await querySubgraph<{ apiTokens: Record<string, unknown>[] }>(subgraph.url, '{ apiTokens { id prefix label scopes revokedAt } }', {}, cnsa);
    expect(listed.data?.apiTokens).toEqual([{ id: created?.apiToken.id, prefix: created?.apiToken.prefix, label: 'Éditeur DUI', scopes: ['measurements:write'], revokedAt: null }]);
    expect(JSON.stringify(listed)).not.toContain(created?.token);
    const stored = (await db.dataSource.query(`SELECT token_hash FROM api_token`)) as { token_hash: string }[];
    expect(stored).toEqual([{ token_hash: hashToken(created?.token as string) }]);

    expect(await internal('auth/api-token', { token: created?.token })).toEqual({
      claims: { sub: expect.any(String), role: 'API_CLIENT', organismes: [], regionCode: null, departements: [], scopes: ['measurements:write'], apiTokenId: created?.apiToken.id },
    });
    const revoked = await querySubgraph<{ revokeApiToken: { revokedAt: string | null } }>(subgraph.url, 'mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: created?.apiToken.id }, cnsa);
    expect(revoked.data?.revokeApiToken.revokedAt).toEqual(expect.any(String));
    expect(await internal('auth/api-token', { token: created?.token })).toEqual({ claims: null });
    expect(await internal('auth/api-token', { token: 'esms_forged' })).toEqual({ claims: null });

    // an expired token is refused like a revoked one (the gateway answers 401 on `claims: null`)
    const expiring = (await create(valid)).data?.createApiToken;
    expect((await internal('auth/api-token', { token: expiring?.token })) as { claims: unknown }).toMatchObject({ claims: { role: 'API_CLIENT' } });
    await db.dataSource.query(`UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring?.apiToken.id]);
    expect(await internal('auth/api-token', { token: expiring?.token })).toEqual({ claims: null });
  });

  it('seeds the demo accounts idempotently, with deterministic ids, the demo porteur attached to a Normandie organisme and one porteur per other demo organisme', async () => {
    const organisme = { finessEj: finess('14000099'), name: 'Organisme démo Normandie', regionCode: '28' };
    const other = { finessEj: finess('13000098'), name: 'Organisme démo PACA', regionCode: '93' };
    await seedDemoAccounts(db.dataSource.manager, organisme, [organisme, other]);
    await seedDemoAccounts(db.dataSource.manager, organisme, [organisme, other]);
    const rows = (await db.dataSource.query(`SELECT id, email, role, region_code, departements, status FROM account WHERE email LIKE '%@demo.esms-numerique.fr' ORDER BY email`)) as {
      id: string;
      email: string;
      role: string;
      status: string;
    }[];
    expect(rows).toHaveLength(7); // 6 listed accounts + the porteur of the other organisme
    for (const row of rows) {
      expect(row.id).toBe(demoAccountId(row.email));
      expect(row.status).toBe('ACTIVE');
    }
    const porteur = await loginClaims('porteur@demo.esms-numerique.fr', DEMO_PASSWORD);
    expect(porteur.organismes).toEqual([organisme.finessEj]);
    expect(porteur.sub).toBe(demoAccountId('porteur@demo.esms-numerique.fr'));
    const otherPorteur = await loginClaims(`porteur.${other.finessEj}@demo.esms-numerique.fr`, DEMO_PASSWORD);
    expect(otherPorteur).toMatchObject({ role: 'PORTEUR', organismes: [other.finessEj], sub: demoAccountId(`porteur.${other.finessEj}@demo.esms-numerique.fr`) });
    expect(await loginClaims('instructeur.normandie@demo.esms-numerique.fr', DEMO_PASSWORD)).toMatchObject({ role: 'INSTRUCTEUR', regionCode: '28' });
    expect(await loginClaims('instructeur2.normandie@demo.esms-numerique.fr', DEMO_PASSWORD)).toMatchObject({ role: 'INSTRUCTEUR', regionCode: '28' });
    expect(await loginClaims('instructeur.paca@demo.esms-numerique.fr', DEMO_PASSWORD)).toMatchObject({ role: 'INSTRUCTEUR', regionCode: '93' });
    expect(await loginClaims('cd.calvados@demo.esms-numerique.fr', DEMO_PASSWORD)).toMatchObject({ role: 'CD', departements: ['14'] });
    expect(await loginClaims('cnsa@demo.esms-numerique.fr', DEMO_PASSWORD)).toMatchObject({ role: 'CNSA' });
    expect(serviceClaims('x').role).toBe('SERVICE');
  });
});
