import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * After selection (issue 6): payments recorded (date, reference), monthly usage measurements per ESSMS with their
 * correction history, the certified expense statement (a piece kind of its own, with the proven hardware expense).
 */
export class FollowUp1767913370000 implements MigrationInterface {
  name = 'FollowUp1767913370000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment ADD COLUMN paid_on date, ADD COLUMN reference text, ADD COLUMN paid_by text, ADD COLUMN paid_at timestamptz`);
    await q.query(`ALTER TABLE payment ADD CONSTRAINT payment_paid_consistent CHECK ((status = 'PAID') = (paid_on IS NOT NULL))`);
    await q.query(`
      CREATE TABLE usage_measurement (
        id uuid PRIMARY KEY,
        candidature_id uuid NOT NULL REFERENCES candidature(id),
        finess text NOT NULL,
        month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
        period_from date NOT NULL,
        period_to date NOT NULL,
        persons_accompanied integer NOT NULL CHECK (persons_accompanied >= 0),
        mssante_messages_sent integer NOT NULL CHECK (mssante_messages_sent >= 0),
        dmp_fed integer NOT NULL CHECK (dmp_fed >= 0),
        active_dossiers integer NOT NULL CHECK (active_dossiers >= 0),
        active_dossiers_with_pp integer NOT NULL CHECK (active_dossiers_with_pp >= 0),
        active_dossiers_with_agenda integer NOT NULL CHECK (active_dossiers_with_agenda >= 0),
        e_prescriptions_imported integer CHECK (e_prescriptions_imported >= 0),
        e_parcours_exchanges integer CHECK (e_parcours_exchanges >= 0),
        version integer NOT NULL DEFAULT 1,
        source text NOT NULL CHECK (source IN ('FORM', 'IMPORT', 'API', 'DEMO')),
        recorded_by text NOT NULL,
        recorded_by_role text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (candidature_id, finess, month)
      )`);
    await q.query(`
      CREATE TABLE usage_measurement_history (
        id bigserial PRIMARY KEY,
        measurement_id uuid NOT NULL REFERENCES usage_measurement(id),
        candidature_id uuid NOT NULL,
        finess text NOT NULL,
        month text NOT NULL,
        before jsonb,
        after jsonb NOT NULL,
        source text NOT NULL,
        changed_by text NOT NULL,
        changed_by_role text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX usage_measurement_history_idx ON usage_measurement_history (candidature_id, finess, month, changed_at)`);
    await q.query(`
      CREATE TABLE expense_statement (
        id uuid PRIMARY KEY,
        candidature_id uuid NOT NULL REFERENCES candidature(id),
        file_name text NOT NULL,
        media_type text NOT NULL,
        size integer NOT NULL,
        sha256 text NOT NULL,
        data bytea NOT NULL,
        certified_by text NOT NULL CHECK (certified_by IN ('PUBLIC_ACCOUNTANT', 'STATUTORY_AUDITOR')),
        hardware_expense integer CHECK (hardware_expense >= 0),
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        replaced_at timestamptz
      )`);
    await q.query(`CREATE INDEX expense_statement_current_idx ON expense_statement (candidature_id) WHERE replaced_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS expense_statement`);
    await q.query(`DROP TABLE IF EXISTS usage_measurement_history`);
    await q.query(`DROP TABLE IF EXISTS usage_measurement`);
    await q.query(`ALTER TABLE payment DROP CONSTRAINT IF EXISTS payment_paid_consistent`);
    await q.query(`ALTER TABLE payment DROP COLUMN IF EXISTS paid_on, DROP COLUMN IF EXISTS reference, DROP COLUMN IF EXISTS paid_by, DROP COLUMN IF EXISTS paid_at`);
  }
}
