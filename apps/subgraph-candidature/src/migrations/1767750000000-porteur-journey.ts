import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Porteur journey (issue 4): dossier answers, per-member details (SAAD annex 1), pieces with history, récapitulatif. */
export class PorteurJourney1767750000000 implements MigrationInterface {
  name = 'PorteurJourney1767750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE candidature_dossier (
        candidature_id uuid PRIMARY KEY REFERENCES candidature(id) ON DELETE CASCADE,
        answers jsonb NOT NULL DEFAULT '{}'::jsonb,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      )`);
    await q.query(`
      CREATE TABLE grappe_member_detail (
        candidature_id uuid NOT NULL,
        finess text NOT NULL,
        saad jsonb,
        solution_in_referencing boolean NOT NULL DEFAULT false,
        PRIMARY KEY (candidature_id, finess),
        FOREIGN KEY (candidature_id, finess) REFERENCES grappe_member (candidature_id, finess) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE candidature_piece (
        id uuid PRIMARY KEY,
        candidature_id uuid NOT NULL REFERENCES candidature(id) ON DELETE CASCADE,
        code text NOT NULL,
        file_name text NOT NULL,
        media_type text NOT NULL,
        size integer NOT NULL,
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        uploaded_by text,
        replaced_at timestamptz
      )`);
    await q.query(`CREATE INDEX candidature_piece_current_idx ON candidature_piece (candidature_id, code) WHERE replaced_at IS NULL`);
    await q.query(`
      CREATE TABLE candidature_recapitulatif (
        candidature_id uuid PRIMARY KEY REFERENCES candidature(id) ON DELETE CASCADE,
        storage_key text NOT NULL,
        size integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE candidature_recapitulatif`);
    await q.query(`DROP TABLE candidature_piece`);
    await q.query(`DROP TABLE grappe_member_detail`);
    await q.query(`DROP TABLE candidature_dossier`);
  }
}
