import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Instruction (issue 5, part A): queue facts stored on the file (recomputed by the domain on each change),
 * assignment, ESSMS names/fields on grappe members, warning decisions, dialogue, complement requests,
 * CD opinions, processed domain events.
 */
export class Instruction1767600000000 implements MigrationInterface {
  name = 'Instruction1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE candidature
      ADD COLUMN funding_total integer NOT NULL DEFAULT 0,
      ADD COLUMN essms_count integer NOT NULL DEFAULT 0,
      ADD COLUMN has_blocking boolean NOT NULL DEFAULT false,
      ADD COLUMN has_condition boolean NOT NULL DEFAULT false,
      ADD COLUMN has_warning boolean NOT NULL DEFAULT false,
      ADD COLUMN queue_facts_at timestamptz,
      ADD COLUMN assigned_instructeur text`);
    await q.query(`CREATE INDEX candidature_queue_idx ON candidature (pivot_region, state, submitted_at)`);
    await q.query(`CREATE INDEX candidature_assigned_idx ON candidature (assigned_instructeur)`);
    await q.query(`ALTER TABLE grappe_member
      ADD COLUMN establishment_name text,
      ADD COLUMN category text,
      ADD COLUMN field text,
      ADD COLUMN departement text`);
    await q.query(`CREATE INDEX grappe_member_departement_idx ON grappe_member (departement, candidature_id)`);

    await q.query(`
      CREATE TABLE eligibility_decision (
        candidature_id uuid NOT NULL REFERENCES candidature(id) ON DELETE CASCADE,
        code text NOT NULL,
        finess text NOT NULL DEFAULT '',
        decision text NOT NULL CHECK (decision IN ('ACCEPTED', 'REFUSED')),
        justification text NOT NULL,
        decided_by text,
        decided_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (candidature_id, code, finess)
      )`);

    await q.query(`
      CREATE TABLE candidature_message (
        id uuid PRIMARY KEY,
        candidature_id uuid NOT NULL REFERENCES candidature(id) ON DELETE CASCADE,
        kind text NOT NULL,
        author_id text,
        author_role text NOT NULL,
        body text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX candidature_message_idx ON candidature_message (candidature_id, at)`);

    await q.query(`
      CREATE TABLE complement_request (
        id uuid PRIMARY KEY,
        candidature_id uuid NOT NULL REFERENCES candidature(id) ON DELETE CASCADE,
        parts text[] NOT NULL,
        message text NOT NULL,
        requested_by text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz
      )`);
    await q.query(`CREATE INDEX complement_request_idx ON complement_request (candidature_id, requested_at)`);

    await q.query(`
      CREATE TABLE cd_opinion_request (
        id uuid PRIMARY KEY,
        candidature_id uuid NOT NULL REFERENCES candidature(id) ON DELETE CASCADE,
        departement text NOT NULL,
        question text NOT NULL,
        requested_by text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        opinion text CHECK (opinion IN ('FAVORABLE', 'RESERVED', 'UNFAVORABLE')),
        comment text,
        given_by text,
        given_at timestamptz
      )`);
    await q.query(`CREATE INDEX cd_opinion_departement_idx ON cd_opinion_request (departement, candidature_id)`);

    await q.query(`
      CREATE TABLE processed_event (
        id text PRIMARY KEY,
        type text NOT NULL,
        candidature_id uuid,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['processed_event', 'cd_opinion_request', 'complement_request', 'candidature_message', 'eligibility_decision']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`ALTER TABLE grappe_member DROP COLUMN establishment_name, DROP COLUMN category, DROP COLUMN field, DROP COLUMN departement`);
    await q.query(`ALTER TABLE candidature DROP COLUMN funding_total, DROP COLUMN essms_count, DROP COLUMN has_blocking,
      DROP COLUMN has_condition, DROP COLUMN has_warning, DROP COLUMN queue_facts_at, DROP COLUMN assigned_instructeur`);
  }
}
