import { checkFiness } from '@esms/domain';
import { badInput, createLogger, notFound, type Claims, type Mailer } from '@esms/server-kit';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AccountOrganismeRow,
  AccountRow,
  AccountTokenRow,
  ApiClientRow,
  ApiTokenRow,
  SessionRow,
  type AccountRole,
  type AccountTokenPurpose,
} from './identity.entities';
import { accountExistsMail, activationMail, enqueueAccountMail, flushIdentityMail, passwordResetMail, setIdentityMailer } from './identity-mail';
import {
  API_TOKEN_PREFIX,
  MIN_PASSWORD_LENGTH,
  apiTokenDisplayPrefix,
  dummyPasswordHash,
  generateToken,
  hashPassword,
  hashToken,
  verifyPassword,
} from './secrets';

export const MAX_FAILED_LOGINS = 6;
export const LOCK_SECONDS = 60 * 60;
export const SESSION_SECONDS = 12 * 60 * 60;
const ACTIVATION_SECONDS = 48 * 60 * 60;
const RESET_SECONDS = 60 * 60;
const MAX_API_TOKEN_DAYS = 365;

const logger = createLogger('annuaire-identity');

/** Finds an organisme gestionnaire of the annuaire by FINESS EJ (the annuaire core wires its own). */
export type OrganismeLookup = (manager: EntityManager, finessEj: string) => Promise<{ name: string } | null>;

/**
 * Default lookup: the annuaire's `organisme_gestionnaire` table when it exists. The annuaire core
 * replaces it through `configureIdentity({ findOrganisme })` if its table differs.
 */
const defaultOrganismeLookup: OrganismeLookup = async (manager, finessEj) => {
  const [exists] = (await manager.query(`SELECT to_regclass('organisme_gestionnaire') IS NOT NULL AS ok`)) as { ok: boolean }[];
  if (!exists?.ok) return null;
  const rows = (await manager.query(`SELECT name FROM organisme_gestionnaire WHERE finess_ej = $1`, [finessEj])) as { name: string }[];
  return rows[0] ?? null;
};

interface IdentityConfig {
  /** The mailer the account e-mail outbox sends with (null: `createMailer()`, i.e. SMTP_URL). */
  mailer: Mailer | null;
  findOrganisme: OrganismeLookup;
}
const config: Omit<IdentityConfig, 'mailer'> = { findOrganisme: defaultOrganismeLookup };

export function configureIdentity(options: Partial<IdentityConfig>): void {
  const { mailer, ...rest } = options;
  if (mailer !== undefined) setIdentityMailer(mailer);
  Object.assign(config, rest);
}

/** Where people land from an e-mail link: the web app of their audience. */
export function webAppUrl(role: AccountRole): string {
  const env = process.env;
  const url =
    role === 'PORTEUR'
      ? (env['ESMS_PORTEUR_URL'] ?? 'http://127.0.0.1:4200')
      : role === 'CNSA'
        ? (env['ESMS_CNSA_URL'] ?? 'http://127.0.0.1:4202')
        : (env['ESMS_INSTRUCTEUR_URL'] ?? 'http://127.0.0.1:4201');
  return url.replace(/\/+$/, '');
}

// ---------------------------------------------------------------------------------------------
// Input checks

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(email: unknown): string {
  return String(email ?? '').trim().toLowerCase();
}

function checkEmail(email: string): void {
  if (!EMAIL_PATTERN.test(email) || email.length > 254) {
    throw badInput('Adresse e-mail invalide : vérifiez la saisie (exemple : prenom.nom@organisme.fr).', { field: 'email' });
  }
}

export function checkPassword(password: unknown): string {
  const value = String(password ?? '');
  if (value.length < MIN_PASSWORD_LENGTH) {
    throw badInput(`Le mot de passe doit comporter au moins ${MIN_PASSWORD_LENGTH} caractères : une phrase de plusieurs mots est facile à retenir.`, { field: 'password' });
  }
  if (value.length > 256) throw badInput('Le mot de passe ne doit pas dépasser 256 caractères.', { field: 'password' });
  return value;
}

// ---------------------------------------------------------------------------------------------
// Claims and views

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: AccountRole;
}

export function userView(account: AccountRow): UserView {
  return { id: account.id, email: account.email, displayName: account.displayName, role: account.role };
}

export async function claimsFor(manager: EntityManager, account: AccountRow): Promise<Claims> {
  const organismes =
    account.role === 'PORTEUR'
      ? (await manager.getRepository(AccountOrganismeRow).find({ where: { accountId: account.id, confirmed: true }, order: { finessEj: 'ASC' } })).map((o) => o.finessEj)
      : [];
  return {
    sub: account.id,
    role: account.role,
    email: account.email,
    organismes,
    regionCode: account.role === 'INSTRUCTEUR' ? account.regionCode : null,
    departements: account.role === 'CD' ? [...account.departements] : [],
    scopes: [],
  };
}

// ---------------------------------------------------------------------------------------------
// One-time tokens (activation, password reset)

/** The token in clear (for the e-mail, never stored elsewhere) and the id of its row (the outbox `ref`). */
async function issueOneTimeToken(manager: EntityManager, accountId: string, purpose: AccountTokenPurpose, seconds: number): Promise<{ token: string; id: string }> {
  const token = generateToken();
  const id = randomUUID();
  const now = new Date();
  await manager.getRepository(AccountTokenRow).insert({
    id,
    accountId,
    purpose,
    tokenHash: hashToken(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + seconds * 1000),
    usedAt: null,
  });
  return { token, id };
}

/** Marks the token used (once, atomically) and returns its account id, or null when invalid, used or expired. */
async function consumeOneTimeToken(manager: EntityManager, token: unknown, purpose: AccountTokenPurpose): Promise<string | null> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 200) return null;
  const rows = (await manager.query(
    `UPDATE account_token SET used_at = now()
       WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
       RETURNING account_id`,
    [hashToken(token), purpose],
  )) as [{ account_id: string }[], number] | { account_id: string }[];
  const list = Array.isArray(rows[0]) ? (rows[0] as { account_id: string }[]) : (rows as { account_id: string }[]);
  return list[0]?.account_id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Sign-up, activation, password reset

export const SIGN_UP_MESSAGE =
  "Si cette adresse peut être utilisée, un e-mail vient d'y être envoyé : ouvrez le lien qu'il contient (valable 48 heures) pour activer votre compte. Pensez à vérifier vos courriers indésirables.";

export async function signUp(db: DataSource, input: { email: unknown; password: unknown; displayName: unknown }): Promise<{ ok: true; message: string }> {
  const email = normaliseEmail(input.email);
  checkEmail(email);
  const password = checkPassword(input.password);
  const displayName = String(input.displayName ?? '').trim();
  if (!displayName) throw badInput('Indiquez votre nom (prénom et nom) : il apparaîtra dans les échanges avec l’ARS.', { field: 'displayName' });
  if (displayName.length > 200) throw badInput('Le nom ne doit pas dépasser 200 caractères.', { field: 'displayName' });

  // Hash in every case: the answer takes the same time whether the e-mail is known or not. The e-mail is queued in
  // the same transaction (outbox) and sent after the commit without the answer waiting for it.
  const passwordHash = await hashPassword(password);
  const queued = await db.transaction(async (manager) => {
    const accounts = manager.getRepository(AccountRow);
    const existing = await accounts.findOneBy({ email });
    const sendActivation = async (accountId: string) => {
      const issued = await issueOneTimeToken(manager, accountId, 'ACTIVATION', ACTIVATION_SECONDS);
      const link = `${webAppUrl('PORTEUR')}/activation?token=${encodeURIComponent(issued.token)}`;
      await enqueueAccountMail(manager, 'account_activation', activationMail(email, link), issued.id);
      return true;
    };
    if (!existing) {
      const inserted = (await manager.query(
        `INSERT INTO account (id, email, password_hash, display_name, role, status, created_at)
           VALUES ($1, $2, $3, $4, 'PORTEUR', 'PENDING_ACTIVATION', now())
           ON CONFLICT (email) DO NOTHING RETURNING id`,
        [randomUUID(), email, passwordHash, displayName],
      )) as { id: string }[];
      return inserted[0] ? sendActivation(inserted[0].id) : false;
    }
    if (existing.status === 'PENDING_ACTIVATION') {
      // Someone signs up again before activating: a fresh link, the new password and name apply.
      await accounts.update({ id: existing.id }, { passwordHash, displayName });
      return sendActivation(existing.id);
    }
    await enqueueAccountMail(manager, 'account_exists', accountExistsMail(email, webAppUrl(existing.role)));
    return true;
  });
  if (queued) flushIdentityMail(db, logger);
  return { ok: true, message: SIGN_UP_MESSAGE };
}

export async function activateAccount(db: DataSource, token: unknown): Promise<boolean> {
  const activated = await db.transaction(async (manager) => {
    const accountId = await consumeOneTimeToken(manager, token, 'ACTIVATION');
    if (!accountId) return false;
    await manager.query(`UPDATE account SET status = 'ACTIVE', activated_at = now() WHERE id = $1 AND status = 'PENDING_ACTIVATION'`, [accountId]);
    return true;
  });
  if (!activated) {
    throw badInput("Ce lien d'activation est invalide, a déjà servi ou a expiré : inscrivez-vous de nouveau avec la même adresse pour en recevoir un nouveau.");
  }
  return true;
}

export async function requestPasswordReset(db: DataSource, emailInput: unknown): Promise<boolean> {
  const email = normaliseEmail(emailInput);
  if (!EMAIL_PATTERN.test(email)) return true;
  // Token and e-mail in one transaction; the answer never waits for the SMTP server nor reports its failures, so an
  // unknown address answers the same, as fast, as a known one.
  const queued = await db.transaction(async (manager) => {
    const account = await manager.getRepository(AccountRow).findOneBy({ email });
    if (!account || account.status === 'DISABLED') return false;
    const issued = await issueOneTimeToken(manager, account.id, 'PASSWORD_RESET', RESET_SECONDS);
    const link = `${webAppUrl(account.role)}/reinitialisation?token=${encodeURIComponent(issued.token)}`;
    await enqueueAccountMail(manager, 'password_reset', passwordResetMail(email, link), issued.id);
    return true;
  });
  if (queued) flushIdentityMail(db, logger);
  return true;
}

export async function resetPassword(db: DataSource, token: unknown, password: unknown): Promise<boolean> {
  const value = checkPassword(password);
  const passwordHash = await hashPassword(value);
  const done = await db.transaction(async (manager) => {
    const accountId = await consumeOneTimeToken(manager, token, 'PASSWORD_RESET');
    if (!accountId) return false;
    // The link proves the mailbox: a pending account becomes active; every open session ends.
    await manager.query(
      `UPDATE account SET password_hash = $2, failed_logins = 0, locked_until = NULL,
         status = CASE WHEN status = 'PENDING_ACTIVATION' THEN 'ACTIVE' ELSE status END,
         activated_at = COALESCE(activated_at, CASE WHEN status = 'PENDING_ACTIVATION' THEN now() END)
       WHERE id = $1`,
      [accountId, passwordHash],
    );
    await manager.query(`UPDATE session SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`, [accountId]);
    return true;
  });
  if (!done) throw badInput('Ce lien de réinitialisation est invalide, a déjà servi ou a expiré : demandez-en un nouveau depuis la page de connexion.');
  return true;
}

// ---------------------------------------------------------------------------------------------
// Login, sessions

export type LoginOutcome =
  | { ok: true; sessionToken: string; expiresAt: string; user: UserView; claims: Claims }
  | { ok: false; code: 'INVALID_CREDENTIALS' | 'TOO_MANY_ATTEMPTS' | 'ACCOUNT_NOT_ACTIVE'; retryAfterSeconds?: number };

/**
 * Failed attempts on unknown e-mails are counted in memory too, so an unknown address locks like
 * a known one (otherwise the lock itself would reveal which addresses have an account).
 */
const unknownAttempts = new Map<string, { count: number; lockedUntil: number }>();
const MAX_TRACKED_UNKNOWN = 10_000;

function failUnknown(email: string): LoginOutcome {
  const now = Date.now();
  let entry = unknownAttempts.get(email);
  if (entry && entry.lockedUntil && entry.lockedUntil <= now) entry = undefined;
  if (entry?.lockedUntil && entry.lockedUntil > now) {
    return { ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: Math.ceil((entry.lockedUntil - now) / 1000) };
  }
  const count = (entry?.count ?? 0) + 1;
  const lockedUntil = count >= MAX_FAILED_LOGINS ? now + LOCK_SECONDS * 1000 : 0;
  unknownAttempts.delete(email);
  if (unknownAttempts.size >= MAX_TRACKED_UNKNOWN) unknownAttempts.delete(unknownAttempts.keys().next().value as string);
  unknownAttempts.set(email, { count, lockedUntil });
  return lockedUntil ? { ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: LOCK_SECONDS } : { ok: false, code: 'INVALID_CREDENTIALS' };
}

export async function login(db: DataSource, input: { email?: unknown; password?: unknown; ip?: unknown }): Promise<LoginOutcome> {
  const email = normaliseEmail(input.email);
  const password = typeof input.password === 'string' ? input.password.slice(0, 1024) : '';
  const account = email ? await db.getRepository(AccountRow).findOneBy({ email }) : null;

  if (!account) {
    await verifyPassword(await dummyPasswordHash(), password);
    const unknownLock = unknownAttempts.get(email);
    if (unknownLock?.lockedUntil && unknownLock.lockedUntil > Date.now()) {
      return { ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: Math.ceil((unknownLock.lockedUntil - Date.now()) / 1000) };
    }
    logger.info({ ip: input.ip }, 'login failed');
    return failUnknown(email);
  }

  if (account.lockedUntil && account.lockedUntil.getTime() > Date.now()) {
    return { ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: Math.ceil((account.lockedUntil.getTime() - Date.now()) / 1000) };
  }

  if (!(await verifyPassword(account.passwordHash, password))) {
    // One atomic statement: concurrent failures all count; an expired lock starts a new series.
    const rows = (await db.query(
      `UPDATE account SET
         failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
         locked_until = CASE
           WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END) >= $2
             THEN now() + make_interval(secs => $3)
           WHEN locked_until IS NOT NULL AND locked_until <= now() THEN NULL
           ELSE locked_until END
       WHERE id = $1 RETURNING failed_logins, locked_until`,
      [account.id, MAX_FAILED_LOGINS, LOCK_SECONDS],
    )) as [{ failed_logins: number; locked_until: Date | null }[], number];
    const updated = rows[0]?.[0];
    logger.info({ account: account.id, ip: input.ip, failures: updated?.failed_logins }, 'login failed');
    if (updated?.locked_until && new Date(updated.locked_until).getTime() > Date.now()) {
      return { ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: Math.ceil((new Date(updated.locked_until).getTime() - Date.now()) / 1000) };
    }
    return { ok: false, code: 'INVALID_CREDENTIALS' };
  }

  // Only a caller who knows the password learns that the account is not active yet.
  if (account.status !== 'ACTIVE') return { ok: false, code: 'ACCOUNT_NOT_ACTIVE' };

  const sessionToken = generateToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_SECONDS * 1000);
  const claims = await db.transaction(async (manager) => {
    await manager.query(`UPDATE account SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [account.id]);
    await manager.getRepository(SessionRow).insert({
      id: randomUUID(),
      tokenHash: hashToken(sessionToken),
      accountId: account.id,
      createdAt: now,
      expiresAt,
      revokedAt: null,
      lastSeen: now,
    });
    return claimsFor(manager, account);
  });
  logger.info({ account: account.id, ip: input.ip }, 'login');
  return { ok: true, sessionToken, expiresAt: expiresAt.toISOString(), user: userView(account), claims };
}

/** The claims of a live session (not expired, not revoked, account still active), or null. */
export async function resolveSession(db: DataSource, token: unknown): Promise<{ claims: Claims | null; expiresAt?: string }> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 200) return { claims: null };
  const session = await db.getRepository(SessionRow).findOneBy({ tokenHash: hashToken(token) });
  if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return { claims: null };
  const account = await db.getRepository(AccountRow).findOneBy({ id: session.accountId });
  if (!account || account.status !== 'ACTIVE') return { claims: null };
  if (!session.lastSeen || Date.now() - session.lastSeen.getTime() > 60_000) {
    await db.query(`UPDATE session SET last_seen = now() WHERE id = $1`, [session.id]);
  }
  return { claims: await claimsFor(db.manager, account), expiresAt: session.expiresAt.toISOString() };
}

export async function logout(db: DataSource, token: unknown): Promise<{ ok: true }> {
  if (typeof token === 'string' && token.length <= 200) {
    await db.query(`UPDATE session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [hashToken(token)]);
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// API tokens

/**
 * Scopes of a third-party token: `aggregates:read` (national aggregates), `files:read:<regionCode>` (the submitted
 * files of one region), `measurements:write:<candidatureId>` / `measurements:read:<candidatureId>` (one project's
 * usage measurements), `webhooks:manage` (its own webhook subscriptions), or a plain `domain:read|write`.
 */
const SCOPE_PATTERN =
  /^(?:aggregates:read|webhooks:manage|files:read:[0-9]{2,3}|measurements:(?:read|write):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z][a-z-]*:(?:read|write))$/;

export interface ApiTokenView {
  id: string;
  clientId: string;
  label: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

function apiTokenView(token: ApiTokenRow, client: ApiClientRow): ApiTokenView {
  return {
    id: token.id,
    clientId: client.id,
    label: client.label,
    prefix: token.prefix,
    scopes: token.scopes,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    lastUsedAt: token.lastUsedAt,
  };
}

export async function createApiToken(
  db: DataSource,
  createdBy: string,
  input: { label: unknown; scopes: unknown; expiresInDays: unknown },
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const label = String(input.label ?? '').trim();
  if (!label || label.length > 120) throw badInput('Donnez un libellé au jeton (120 caractères au plus), par exemple le nom de l’éditeur qui l’utilisera.', { field: 'label' });
  const scopes = [...new Set((Array.isArray(input.scopes) ? input.scopes : []).map((s) => String(s).trim().toLowerCase()))];
  if (scopes.length === 0 || scopes.some((s) => !SCOPE_PATTERN.test(s))) {
    throw badInput(
      'Indiquez au moins une permission valide : aggregates:read, files:read:<code région> (exemple : files:read:28), measurements:write:<identifiant du projet>, webhooks:manage.',
      { field: 'scopes' },
    );
  }
  const days = Number(input.expiresInDays);
  if (!Number.isInteger(days) || days < 1 || days > MAX_API_TOKEN_DAYS) {
    throw badInput(`La durée de validité doit être un nombre entier de jours entre 1 et ${MAX_API_TOKEN_DAYS}.`, { field: 'expiresInDays' });
  }
  const token = generateToken(API_TOKEN_PREFIX);
  const now = new Date();
  const client: ApiClientRow = { id: randomUUID(), label, createdBy, createdAt: now };
  const row: ApiTokenRow = {
    id: randomUUID(),
    clientId: client.id,
    tokenHash: hashToken(token),
    prefix: apiTokenDisplayPrefix(token),
    scopes,
    createdAt: now,
    expiresAt: new Date(now.getTime() + days * 86_400_000),
    revokedAt: null,
    createdBy,
    lastUsedAt: null,
  };
  await db.transaction(async (manager) => {
    await manager.getRepository(ApiClientRow).insert(client);
    await manager.getRepository(ApiTokenRow).insert(row);
  });
  return { token, apiToken: apiTokenView(row, client) };
}

export async function listApiTokens(db: DataSource): Promise<ApiTokenView[]> {
  const tokens = await db.getRepository(ApiTokenRow).find({ order: { createdAt: 'DESC' } });
  const clients = new Map((await db.getRepository(ApiClientRow).find()).map((c) => [c.id, c]));
  return tokens.filter((t) => clients.has(t.clientId)).map((t) => apiTokenView(t, clients.get(t.clientId) as ApiClientRow));
}

export async function revokeApiToken(db: DataSource, id: string): Promise<ApiTokenView> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  await db.query(`UPDATE api_token SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
  const token = await db.getRepository(ApiTokenRow).findOneBy({ id });
  if (!token) throw notFound();
  const client = await db.getRepository(ApiClientRow).findOneByOrFail({ id: token.clientId });
  return apiTokenView(token, client);
}

/** Claims of a valid API token (role API_CLIENT with its scopes), or null. */
export async function resolveApiToken(db: DataSource, token: unknown): Promise<{ claims: Claims | null }> {
  if (typeof token !== 'string' || !token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return { claims: null };
  const row = await db.getRepository(ApiTokenRow).findOneBy({ tokenHash: hashToken(token) });
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return { claims: null };
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.query(`UPDATE api_token SET last_used_at = now() WHERE id = $1`, [row.id]);
  }
  // `apiTokenId` rides along (not part of the signed contract): the gateway logs and rate-limits per token.
  const claims = { sub: row.clientId, role: 'API_CLIENT', organismes: [], regionCode: null, departements: [], scopes: [...row.scopes], apiTokenId: row.id };
  return { claims: claims as Claims };
}

// ---------------------------------------------------------------------------------------------
// Organismes of a porteur

export async function attachOrganisme(
  db: DataSource,
  accountId: string,
  input: { finessEj: string; declaredName?: string | null; declaredAddress?: string | null },
): Promise<void> {
  const check = checkFiness(input.finessEj);
  if (!check.ok) throw badInput(check.reason, { field: 'finessEj' });
  const finessEj = check.finess;
  await db.transaction(async (manager) => {
    const links = manager.getRepository(AccountOrganismeRow);
    if (await links.findOneBy({ accountId, finessEj })) return; // already attached: nothing to do
    const known = await config.findOrganisme(manager, finessEj);
    const now = new Date();
    if (known) {
      await links.insert({ accountId, finessEj, name: known.name, declaredAddress: null, regionCode: check.regionCode, confirmed: true, createdAt: now, confirmedAt: now });
      return;
    }
    const name = String(input.declaredName ?? '').trim();
    const address = String(input.declaredAddress ?? '').trim();
    if (!name || !address) {
      throw badInput(
        `Le FINESS EJ ${finessEj} n'est pas encore dans l'annuaire : indiquez le nom et l'adresse de l'organisme gestionnaire ; l'ARS confirmera ensuite le rattachement.`,
        { field: 'declaredName' },
      );
    }
    if (name.length > 300 || address.length > 500) throw badInput("Le nom (300 caractères) ou l'adresse (500 caractères) est trop long.");
    await links.insert({ accountId, finessEj, name, declaredAddress: address, regionCode: check.regionCode, confirmed: false, createdAt: now, confirmedAt: null });
  });
}

export interface OrganismeDeclaration {
  accountId: string;
  accountEmail: string;
  accountDisplayName: string;
  finessEj: string;
  name: string;
  address: string | null;
  regionCode: string | null;
  declaredAt: Date;
}

/** Declarations of unknown FINESS EJ waiting for the ARS: an instructeur sees its region's, the CNSA all. */
export async function organismeDeclarationsToConfirm(db: DataSource, regionCode: string | null): Promise<OrganismeDeclaration[]> {
  const rows = (await db.query(
    `SELECT o.account_id, a.email, a.display_name, o.finess_ej, o.name, o.declared_address, o.region_code, o.created_at
       FROM account_organisme o JOIN account a ON a.id = o.account_id
      WHERE NOT o.confirmed AND ($1::text IS NULL OR o.region_code = $1)
      ORDER BY o.created_at`,
    [regionCode],
  )) as { account_id: string; email: string; display_name: string; finess_ej: string; name: string; declared_address: string | null; region_code: string | null; created_at: Date }[];
  return rows.map((r) => ({
    accountId: r.account_id,
    accountEmail: r.email,
    accountDisplayName: r.display_name,
    finessEj: r.finess_ej,
    name: r.name,
    address: r.declared_address,
    regionCode: r.region_code,
    declaredAt: r.created_at,
  }));
}

export async function confirmOrganismeDeclaration(db: DataSource, regionCode: string | null, accountId: string, finessEj: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(accountId)) throw notFound();
  const result = (await db.query(
    `UPDATE account_organisme SET confirmed = true, confirmed_at = now()
      WHERE account_id = $1 AND finess_ej = $2 AND NOT confirmed AND ($3::text IS NULL OR region_code = $3) RETURNING finess_ej`,
    [accountId, finessEj, regionCode],
  )) as [unknown[], number];
  if (!result[0]?.length) throw notFound();
  return true;
}
