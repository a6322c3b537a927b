import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Selection committees (per ARS, campaign and window), regional envelopes (recorded changes), committee
 * decisions with their history, the transactional outbox (domain events to the candidature subgraph, decision
 * letters to e-mail), the decision letters (PDF), and data-driven matchers on the regional priority rules.
 */
export class Committees1735000000000 implements MigrationInterface {
  name = 'Committees1735000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE priority_rule ADD COLUMN matcher jsonb`);
    await q.query(`
      CREATE TABLE committee (
        id uuid PRIMARY KEY,
        region_code text NOT NULL,
        campaign_id text NOT NULL,
        window_code text NOT NULL,
        label text NOT NULL,
        session_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('PLANNED', 'IN_SESSION', 'CLOSED')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        closed_by text,
        version int NOT NULL DEFAULT 1,
        UNIQUE (region_code, campaign_id, window_code)
      )`);
    await q.query(`
      CREATE TABLE region_envelope (
        region_code text NOT NULL,
        campaign_id text NOT NULL,
        amount int NOT NULL CHECK (amount >= 0),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (region_code, campaign_id)
      )`);
    await q.query(`
      CREATE TABLE region_envelope_event (
        id uuid PRIMARY KEY,
        region_code text NOT NULL,
        campaign_id text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        before_amount int,
        after_amount int NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX region_envelope_event_key ON region_envelope_event (region_code, campaign_id, at)`);
    await q.query(`
      CREATE TABLE committee_decision (
        id uuid PRIMARY KEY,
        committee_id uuid NOT NULL REFERENCES committee (id),
        candidature_id text NOT NULL,
        candidature_reference text NOT NULL,
        candidature_title text NOT NULL,
        porteur_account_id text,
        porteur_email text,
        organismes text[] NOT NULL DEFAULT '{}',
        decision text NOT NULL CHECK (decision IN ('RETAINED', 'NOT_RETAINED', 'POSTPONED')),
        motive text NOT NULL,
        amount_granted int,
        funding_total int,
        consensus double precision,
        state_before text,
        decided_by text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (committee_id, candidature_id)
      )`);
    await q.query(`CREATE INDEX committee_decision_candidature ON committee_decision (candidature_id)`);
    await q.query(`
      CREATE TABLE committee_event (
        id uuid PRIMARY KEY,
        committee_id uuid NOT NULL REFERENCES committee (id),
        candidature_id text,
        action text NOT NULL,
        actor_id text NOT NULL,
        before jsonb,
        after jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX committee_event_committee ON committee_event (committee_id, at)`);
    await q.query(`
      CREATE TABLE decision_letter (
        decision_id uuid PRIMARY KEY REFERENCES committee_decision (id),
        pdf bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        emailed_to text,
        emailed_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        topic text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'decision_letter', 'committee_event', 'committee_decision', 'region_envelope_event', 'region_envelope', 'committee']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`ALTER TABLE priority_rule DROP COLUMN IF EXISTS matcher`);
  }
}
