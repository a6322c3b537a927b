import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An organisme gestionnaire (FINESS EJ), from the FiNESS flow. */
@Entity('organisme_gestionnaire')
export class OrganismeRow {
  @PrimaryColumn({ name: 'finess_ej', type: 'varchar', length: 9 }) finessEj!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', nullable: true }) siren!: string | null;
  @Column({ name: 'legal_status', type: 'text', nullable: true }) legalStatus!: string | null;
  @Column({ name: 'address_line', type: 'text', nullable: true }) addressLine!: string | null;
  @Column({ name: 'postal_code', type: 'text', nullable: true }) postalCode!: string | null;
  @Column({ type: 'text', nullable: true }) city!: string | null;
  @Column({ name: 'commune_code', type: 'text', nullable: true }) communeCode!: string | null;
  @Column({ type: 'varchar', length: 3, nullable: true }) departement!: string | null;
  @Column({ name: 'region_code', type: 'varchar', length: 3, nullable: true }) regionCode!: string | null;
  @Column({ type: 'boolean' }) closed!: boolean;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
