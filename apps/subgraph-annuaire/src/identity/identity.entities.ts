import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The four kinds of people; API clients are not accounts (see ApiClientRow). */
export const ACCOUNT_ROLES = ['PORTEUR', 'INSTRUCTEUR', 'CD', 'CNSA'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
export const ACCOUNT_STATUSES = ['PENDING_ACTIVATION', 'ACTIVE', 'DISABLED'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export type AccountTokenPurpose = 'ACTIVATION' | 'PASSWORD_RESET';

@Entity('account')
export class AccountRow {
  @PrimaryColumn('uuid') id!: string;
  /** Always lower-cased; unique. */
  @Column('text') email!: string;
  /** argon2id. */
  @Column('text', { name: 'password_hash' }) passwordHash!: string;
  @Column('text', { name: 'display_name' }) displayName!: string;
  @Column('text') role!: AccountRole;
  /** INSTRUCTEUR: its ARS region (INSEE code). */
  @Column('text', { name: 'region_code', nullable: true }) regionCode!: string | null;
  /** CD: its départements. */
  @Column('text', { array: true, default: () => "'{}'" }) departements!: string[];
  @Column('text') status!: AccountStatus;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'activated_at', nullable: true }) activatedAt!: Date | null;
  @Column('int', { name: 'failed_logins', default: 0 }) failedLogins!: number;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil!: Date | null;
}

/** An account acts for an organisme gestionnaire (FINESS EJ). Unknown FINESS EJ: declared, unconfirmed, for the ARS to confirm. */
@Entity('account_organisme')
export class AccountOrganismeRow {
  @PrimaryColumn('uuid', { name: 'account_id' }) accountId!: string;
  @PrimaryColumn('text', { name: 'finess_ej' }) finessEj!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'declared_address', nullable: true }) declaredAddress!: string | null;
  /** The ARS region the FINESS prefix points to (who confirms a declaration). */
  @Column('text', { name: 'region_code', nullable: true }) regionCode!: string | null;
  @Column('boolean') confirmed!: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'confirmed_at', nullable: true }) confirmedAt!: Date | null;
}

/** One-time tokens (activation, password reset): only the SHA-256 of the token is stored. */
@Entity('account_token')
export class AccountTokenRow {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'account_id' }) accountId!: string;
  @Column('text') purpose!: AccountTokenPurpose;
  @Column('text', { name: 'token_hash' }) tokenHash!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt!: Date | null;
}

/** A browser session: the cookie holds the token, the database only its SHA-256. */
@Entity('session')
export class SessionRow {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'token_hash' }) tokenHash!: string;
  @Column('uuid', { name: 'account_id' }) accountId!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('timestamptz', { name: 'last_seen', nullable: true }) lastSeen!: Date | null;
}

/** A third party calling the API (e.g. an editor pushing monthly usage measurements). */
@Entity('api_client')
export class ApiClientRow {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') label!: string;
  @Column('uuid', { name: 'created_by' }) createdBy!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}

/** A bearer token of an API client: SHA-256 at rest, a short prefix kept for display. */
@Entity('api_token')
export class ApiTokenRow {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'client_id' }) clientId!: string;
  @Column('text', { name: 'token_hash' }) tokenHash!: string;
  @Column('text') prefix!: string;
  @Column('text', { array: true }) scopes!: string[];
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('uuid', { name: 'created_by' }) createdBy!: string;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
}

export const identityEntities = [AccountRow, AccountOrganismeRow, AccountTokenRow, SessionRow, ApiClientRow, ApiTokenRow];
