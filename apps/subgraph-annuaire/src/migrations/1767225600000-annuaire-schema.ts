import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory's tables: regions and départements, ARS referents and GRADeS, programme actors,
 * organismes gestionnaires and ESSMS (FiNESS), the DUI catalogue with its change log, the import log.
 * Reference rows themselves are synchronised at startup (`syncReferenceData`).
 */
export class AnnuaireSchema1767225600000 implements MigrationInterface {
  name = 'AnnuaireSchema1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE region (
      code varchar(3) PRIMARY KEY,
      name text NOT NULL,
      is_overseas boolean NOT NULL,
      is_corse boolean NOT NULL
    )`);
    await q.query(`CREATE TABLE departement (
      code varchar(3) PRIMARY KEY,
      name text NOT NULL,
      region_code varchar(3) NOT NULL REFERENCES region(code)
    )`);
    await q.query(`CREATE INDEX departement_region_idx ON departement (region_code)`);
    await q.query(`CREATE TABLE ars_contact (
      region_code varchar(3) PRIMARY KEY REFERENCES region(code),
      generic_emails jsonb NOT NULL DEFAULT '[]'::jsonb,
      referents jsonb NOT NULL DEFAULT '[]'::jsonb,
      absent_from_annex boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE grades (
      region_code varchar(3) PRIMARY KEY REFERENCES region(code),
      name text NOT NULL,
      contacts jsonb NOT NULL DEFAULT '[]'::jsonb,
      website text,
      note text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE programme_actor (
      id varchar(40) PRIMARY KEY,
      acronym text NOT NULL,
      name text NOT NULL,
      role text NOT NULL,
      level varchar(12) NOT NULL CHECK (level IN ('REGIONAL', 'NATIONAL')),
      position int NOT NULL
    )`);
    await q.query(`CREATE TABLE organisme_gestionnaire (
      finess_ej varchar(9) PRIMARY KEY,
      name text NOT NULL,
      siren text,
      legal_status text,
      address_line text,
      postal_code text,
      city text,
      commune_code text,
      departement varchar(3),
      region_code varchar(3) REFERENCES region(code),
      closed boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX organisme_region_idx ON organisme_gestionnaire (region_code)`);
    await q.query(`CREATE TABLE establishment (
      finess varchar(9) PRIMARY KEY,
      finess_ej varchar(9) NOT NULL REFERENCES organisme_gestionnaire(finess_ej),
      name text NOT NULL,
      category varchar(4) NOT NULL,
      siret text,
      category_label text,
      address_line text,
      postal_code text,
      city text,
      commune_code text,
      departement varchar(3),
      region_code varchar(3) REFERENCES region(code),
      closed boolean NOT NULL DEFAULT false,
      opened_on date,
      closed_on date,
      search_text text NOT NULL DEFAULT '',
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX establishment_ej_idx ON establishment (finess_ej)`);
    await q.query(`CREATE INDEX establishment_region_idx ON establishment (region_code, departement)`);
    await q.query(`CREATE INDEX establishment_category_idx ON establishment (category)`);
    await q.query(`CREATE TABLE finess_import (
      id uuid PRIMARY KEY,
      file_name text NOT NULL,
      flow_generated_at text,
      inserted int NOT NULL,
      updated int NOT NULL,
      unchanged int NOT NULL,
      skipped int NOT NULL,
      skipped_details jsonb NOT NULL DEFAULT '[]'::jsonb,
      imported_at timestamptz NOT NULL DEFAULT now(),
      imported_by text
    )`);
    await q.query(`CREATE TABLE dui_solution (
      id varchar(120) PRIMARY KEY,
      editor text NOT NULL,
      product text NOT NULL,
      version text NOT NULL,
      couloir varchar(20) NOT NULL,
      vague smallint NOT NULL,
      profile varchar(20) NOT NULL,
      referencing_status varchar(20) NOT NULL,
      demo boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text,
      CONSTRAINT dui_solution_identity UNIQUE (editor, product, version, profile)
    )`);
    await q.query(`CREATE TABLE dui_solution_change (
      id uuid PRIMARY KEY,
      solution_id varchar(120) NOT NULL REFERENCES dui_solution(id),
      action varchar(30) NOT NULL,
      changed_by text NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT now(),
      before jsonb,
      after jsonb NOT NULL
    )`);
    await q.query(`CREATE INDEX dui_solution_change_solution_idx ON dui_solution_change (solution_id, changed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['dui_solution_change', 'dui_solution', 'finess_import', 'establishment', 'organisme_gestionnaire', 'programme_actor', 'grades', 'ars_contact', 'departement', 'region']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
