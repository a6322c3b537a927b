import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One of the 18 ARS regions (INSEE code), loaded from `REGIONS` of @esms/domain at startup. */
@Entity('region')
export class RegionRow {
  @PrimaryColumn({ type: 'varchar', length: 3 }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'is_overseas', type: 'boolean' }) isOverseas!: boolean;
  @Column({ name: 'is_corse', type: 'boolean' }) isCorse!: boolean;
}

/** A département of an ARS region (official INSEE list). */
@Entity('departement')
export class DepartementRow {
  @PrimaryColumn({ type: 'varchar', length: 3 }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'region_code', type: 'varchar', length: 3 }) regionCode!: string;
}

export interface ReferentJson {
  name: string;
  email: string;
}

/** ARS ESMS-numérique mailboxes and named referents of a region (seed 004 annex). */
@Entity('ars_contact')
export class ArsContactRow {
  @PrimaryColumn({ name: 'region_code', type: 'varchar', length: 3 }) regionCode!: string;
  @Column({ name: 'generic_emails', type: 'jsonb' }) genericEmails!: string[];
  @Column({ type: 'jsonb' }) referents!: ReferentJson[];
  @Column({ name: 'absent_from_annex', type: 'boolean' }) absentFromAnnex!: boolean;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

export interface GradesContactJson {
  name: string;
  role?: string | null;
  email?: string | null;
}

/** The regional e-health support group (GRADeS) of a region and its contacts (seed 004 annex). */
@Entity('grades')
export class GradesRow {
  @PrimaryColumn({ name: 'region_code', type: 'varchar', length: 3 }) regionCode!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'jsonb' }) contacts!: GradesContactJson[];
  @Column({ type: 'text', nullable: true }) website!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
