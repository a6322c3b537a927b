import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity: accounts and roles, organismes they act for, one-time tokens, sessions, API clients and tokens. */
export class Identity1767225600100 implements MigrationInterface {
  name = 'Identity1767225600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account (
        id uuid PRIMARY KEY,
        email text NOT NULL CHECK (email = lower(email)),
        password_hash text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('PORTEUR', 'INSTRUCTEUR', 'CD', 'CNSA')),
        region_code text,
        departements text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'PENDING_ACTIVATION' CHECK (status IN ('PENDING_ACTIVATION', 'ACTIVE', 'DISABLED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        CHECK (role <> 'INSTRUCTEUR' OR region_code IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX account_email_key ON account (email)`);
    await q.query(`
      CREATE TABLE account_organisme (
        account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        finess_ej text NOT NULL,
        name text NOT NULL,
        declared_address text,
        region_code text,
        confirmed boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        PRIMARY KEY (account_id, finess_ej)
      )`);
    await q.query(`CREATE INDEX account_organisme_to_confirm ON account_organisme (region_code) WHERE NOT confirmed`);
    await q.query(`
      CREATE TABLE account_token (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('ACTIVATION', 'PASSWORD_RESET')),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX account_token_account ON account_token (account_id)`);
    await q.query(`
      CREATE TABLE session (
        id uuid PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_seen timestamptz
      )`);
    await q.query(`CREATE INDEX session_account ON session (account_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE api_client (
        id uuid PRIMARY KEY,
        label text NOT NULL,
        created_by uuid NOT NULL REFERENCES account (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE api_token (
        id uuid PRIMARY KEY,
        client_id uuid NOT NULL REFERENCES api_client (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        scopes text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_by uuid NOT NULL REFERENCES account (id),
        last_used_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_token`);
    await q.query(`DROP TABLE api_client`);
    await q.query(`DROP TABLE session`);
    await q.query(`DROP TABLE account_token`);
    await q.query(`DROP TABLE account_organisme`);
    await q.query(`DROP TABLE account`);
  }
}
