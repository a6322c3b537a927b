import { OUTBOX_EMAIL_DDL } from '@esms/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hardening (issue 8): antivirus status of the pieces and their quarantine, idempotent submission with a receipt
 * number (UNIQUE idempotency key), e-mail outbox written in the same transaction as the change.
 */
export class Hardening1768200000000 implements MigrationInterface {
  name = 'Hardening1768200000000';

  async up(q: QueryRunner): Promise<void> {
    // Existing files were never scanned: PENDING, the rescan job scans them (or marks SAFE_UNSCANNED with ESMS_ANTIVIRUS=off).
    await q.query(`ALTER TABLE candidature_piece ADD COLUMN scan_status text NOT NULL DEFAULT 'PENDING'`);
    await q.query(`ALTER TABLE candidature_piece ADD COLUMN scanned_at timestamptz`);
    await q.query(`ALTER TABLE candidature_piece ADD COLUMN scan_attempts int NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX candidature_piece_pending_idx ON candidature_piece (uploaded_at) WHERE scan_status IN ('PENDING', 'SAFE_UNSCANNED')`);
    await q.query(`
      CREATE TABLE candidature_piece_quarantine (
        id uuid PRIMARY KEY,
        candidature_id uuid NOT NULL REFERENCES candidature(id) ON DELETE CASCADE,
        code text NOT NULL,
        file_name text NOT NULL,
        size integer NOT NULL,
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        signature text NOT NULL,
        uploaded_by text,
        detected_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE candidature ADD COLUMN receipt_number text`);
    await q.query(`CREATE UNIQUE INDEX candidature_receipt_number_key ON candidature (receipt_number) WHERE receipt_number IS NOT NULL`);
    await q.query(`
      CREATE TABLE candidature_submission (
        id uuid PRIMARY KEY,
        candidature_id uuid NOT NULL REFERENCES candidature(id) ON DELETE CASCADE,
        idempotency_key text NOT NULL UNIQUE,
        receipt_number text NOT NULL UNIQUE,
        actor_id text,
        submitted_at timestamptz NOT NULL
      )`);
    for (const ddl of OUTBOX_EMAIL_DDL) await q.query(ddl);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS outbox_email`);
    await q.query(`DROP TABLE IF EXISTS candidature_submission`);
    await q.query(`DROP INDEX IF EXISTS candidature_receipt_number_key`);
    await q.query(`ALTER TABLE candidature DROP COLUMN receipt_number`);
    await q.query(`DROP TABLE IF EXISTS candidature_piece_quarantine`);
    await q.query(`DROP INDEX IF EXISTS candidature_piece_pending_idx`);
    for (const c of ['scan_attempts', 'scanned_at', 'scan_status']) await q.query(`ALTER TABLE candidature_piece DROP COLUMN ${c}`);
  }
}
