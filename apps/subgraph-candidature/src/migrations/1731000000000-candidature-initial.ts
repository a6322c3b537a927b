import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Campaigns, candidatures, grappe members, lifecycle events, funding history per FINESS (E03–E05). */
export class CandidatureInitial1731000000000 implements MigrationInterface {
  name = 'CandidatureInitial1731000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaign (
        id text PRIMARY KEY,
        region_code text NOT NULL,
        year integer NOT NULL,
        label text NOT NULL,
        calendar jsonb NOT NULL,
        reference_seq integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX campaign_region_idx ON campaign (region_code, year)`);

    await q.query(`
      CREATE TABLE candidature (
        id uuid PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        campaign_id text NOT NULL REFERENCES campaign(id),
        porteur_account_id text NOT NULL,
        organismes text[] NOT NULL,
        title text NOT NULL,
        state text NOT NULL,
        desk text NOT NULL DEFAULT 'REGIONAL',
        pivot_region text,
        track text NOT NULL DEFAULT 'regional',
        window_code text,
        submitted_at timestamptz,
        amoa_requested boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX candidature_campaign_idx ON candidature (campaign_id)`);
    await q.query(`CREATE INDEX candidature_pivot_idx ON candidature (pivot_region)`);
    await q.query(`CREATE INDEX candidature_organismes_idx ON candidature USING gin (organismes)`);

    await q.query(`
      CREATE TABLE grappe_member (
        id serial PRIMARY KEY,
        candidature_id uuid NOT NULL REFERENCES candidature(id) ON DELETE CASCADE,
        finess text NOT NULL,
        rank integer,
        situation text NOT NULL,
        current_dui text,
        chosen_solution_id text,
        saad_total_hours numeric,
        saad_medico_social_hours numeric,
        hardware_quote integer,
        national_entity text,
        region_code text NOT NULL,
        finess_ej text,
        CONSTRAINT grappe_member_unique UNIQUE (candidature_id, finess)
      )`);
    await q.query(`CREATE INDEX grappe_member_finess_idx ON grappe_member (finess)`);
    await q.query(`CREATE INDEX grappe_member_region_idx ON grappe_member (region_code, candidature_id)`);

    await q.query(`
      CREATE TABLE candidature_event (
        id bigserial PRIMARY KEY,
        candidature_id uuid NOT NULL REFERENCES candidature(id) ON DELETE CASCADE,
        actor_id text,
        actor_role text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        action text NOT NULL,
        from_state text,
        to_state text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX candidature_event_candidature_idx ON candidature_event (candidature_id, at)`);

    await q.query(`
      CREATE TABLE funding_history (
        id serial PRIMARY KEY,
        finess text NOT NULL,
        campaign text NOT NULL,
        situation text NOT NULL,
        software_solution text,
        sons_ordered boolean NOT NULL DEFAULT false,
        amount integer NOT NULL DEFAULT 0,
        source text NOT NULL,
        candidature_id uuid REFERENCES candidature(id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX funding_history_finess_idx ON funding_history (finess)`);

    await q.query(`CREATE TABLE demo_marker (name text PRIMARY KEY, loaded_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['demo_marker', 'funding_history', 'candidature_event', 'grappe_member', 'candidature', 'campaign']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
