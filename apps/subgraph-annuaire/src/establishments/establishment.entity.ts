import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An ESSMS (FINESS géographique / ET), from the FiNESS flow; only ESSMS categories are imported. */
@Entity('establishment')
export class EstablishmentRow {
  @PrimaryColumn({ type: 'varchar', length: 9 }) finess!: string;
  @Column({ name: 'finess_ej', type: 'varchar', length: 9 }) finessEj!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'varchar', length: 4 }) category!: string;
  @Column({ type: 'text', nullable: true }) siret!: string | null;
  @Column({ name: 'category_label', type: 'text', nullable: true }) categoryLabel!: string | null;
  @Column({ name: 'address_line', type: 'text', nullable: true }) addressLine!: string | null;
  @Column({ name: 'postal_code', type: 'text', nullable: true }) postalCode!: string | null;
  @Column({ type: 'text', nullable: true }) city!: string | null;
  @Column({ name: 'commune_code', type: 'text', nullable: true }) communeCode!: string | null;
  @Column({ type: 'varchar', length: 3, nullable: true }) departement!: string | null;
  @Column({ name: 'region_code', type: 'varchar', length: 3, nullable: true }) regionCode!: string | null;
  @Column({ type: 'boolean' }) closed!: boolean;
  @Column({ name: 'opened_on', type: 'date', nullable: true }) openedOn!: string | null;
  @Column({ name: 'closed_on', type: 'date', nullable: true }) closedOn!: string | null;
  /** Lower-case, accent-free name + city + FINESS, for the search. */
  @Column({ name: 'search_text', type: 'text' }) searchText!: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** One row per FiNESS import (command line or demo loading). */
@Entity('finess_import')
export class FinessImportRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'file_name', type: 'text' }) fileName!: string;
  @Column({ name: 'flow_generated_at', type: 'text', nullable: true }) flowGeneratedAt!: string | null;
  @Column({ type: 'int' }) inserted!: number;
  @Column({ type: 'int' }) updated!: number;
  @Column({ type: 'int' }) unchanged!: number;
  @Column({ type: 'int' }) skipped!: number;
  /** Why each skipped record was left out (category not ESSMS, malformed FINESS…). */
  @Column({ name: 'skipped_details', type: 'jsonb' }) skippedDetails!: unknown[];
  @Column({ name: 'imported_at', type: 'timestamptz' }) importedAt!: Date;
  @Column({ name: 'imported_by', type: 'text', nullable: true }) importedBy!: string | null;
}
