import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GradingInitial1733000000000 implements MigrationInterface {
  name = 'GradingInitial1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE grid (
        id uuid PRIMARY KEY,
        region_code text NOT NULL,
        campaign_id text NOT NULL,
        version int NOT NULL CHECK (version >= 1),
        status text NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'ARCHIVED')),
        label text NOT NULL,
        source text NOT NULL,
        maturity_threshold int CHECK (maturity_threshold IS NULL OR maturity_threshold >= 0),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        UNIQUE (region_code, campaign_id, version)
      )`);
    // At most one draft and one published version per ARS and campaign.
    await q.query(`CREATE UNIQUE INDEX grid_one_draft ON grid (region_code, campaign_id) WHERE status = 'DRAFT'`);
    await q.query(`CREATE UNIQUE INDEX grid_one_published ON grid (region_code, campaign_id) WHERE status = 'PUBLISHED'`);
    await q.query(`
      CREATE TABLE grid_criterion (
        id uuid PRIMARY KEY,
        grid_id uuid NOT NULL REFERENCES grid (id),
        code text NOT NULL,
        label text NOT NULL,
        guidance text NOT NULL,
        max_points int NOT NULL CHECK (max_points >= 1),
        position int NOT NULL,
        UNIQUE (grid_id, code)
      )`);
    await q.query(`
      CREATE TABLE priority_rule (
        id uuid PRIMARY KEY,
        grid_id uuid NOT NULL REFERENCES grid (id),
        code text NOT NULL,
        label text NOT NULL,
        description text NOT NULL,
        position int NOT NULL,
        UNIQUE (grid_id, code)
      )`);
    await q.query(`
      CREATE TABLE grid_event (
        id uuid PRIMARY KEY,
        grid_id uuid NOT NULL REFERENCES grid (id),
        action text NOT NULL,
        actor_id text NOT NULL,
        from_status text,
        to_status text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX grid_event_grid ON grid_event (grid_id, at)`);
    await q.query(`
      CREATE TABLE evaluation (
        id uuid PRIMARY KEY,
        candidature_id text NOT NULL,
        grid_id uuid NOT NULL REFERENCES grid (id),
        grid_version int NOT NULL,
        evaluator_id text NOT NULL,
        region_code text NOT NULL,
        scores jsonb NOT NULL DEFAULT '{}'::jsonb,
        comment text,
        total int NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('DRAFT', 'SIGNED')),
        signed_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (candidature_id, evaluator_id),
        CHECK ((status = 'SIGNED') = (signed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX evaluation_candidature ON evaluation (candidature_id, region_code)`);
    await q.query(`
      CREATE TABLE evaluation_event (
        id uuid PRIMARY KEY,
        evaluation_id uuid NOT NULL REFERENCES evaluation (id),
        candidature_id text NOT NULL,
        action text NOT NULL,
        actor_id text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX evaluation_event_evaluation ON evaluation_event (evaluation_id, at)`);
    // Marker rows (demo data loaded once, …).
    await q.query(`CREATE TABLE grading_marker (name text PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['grading_marker', 'evaluation_event', 'evaluation', 'grid_event', 'priority_rule', 'grid_criterion', 'grid']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
