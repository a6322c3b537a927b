import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A Ségur-referenced DUI solution of the catalogue the CNSA maintains. */
@Entity('dui_solution')
export class DuiSolutionRow {
  /** A UUID for solutions created through the API; the demo catalogue keeps its stable ids. */
  @PrimaryColumn({ type: 'varchar', length: 120 }) id!: string;
  @Column({ type: 'text' }) editor!: string;
  @Column({ type: 'text' }) product!: string;
  @Column({ type: 'text' }) version!: string;
  @Column({ type: 'varchar', length: 20 }) couloir!: string;
  @Column({ type: 'smallint' }) vague!: number;
  @Column({ type: 'varchar', length: 20 }) profile!: string;
  @Column({ name: 'referencing_status', type: 'varchar', length: 20 }) referencingStatus!: string;
  @Column({ type: 'boolean' }) demo!: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'updated_by', type: 'text', nullable: true }) updatedBy!: string | null;
}

/** Every change of the catalogue: who, when, what before and after. */
@Entity('dui_solution_change')
export class DuiSolutionChangeRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'solution_id', type: 'varchar', length: 120 }) solutionId!: string;
  @Column({ type: 'varchar', length: 30 }) action!: string;
  @Column({ name: 'changed_by', type: 'text' }) changedBy!: string;
  @Column({ name: 'changed_at', type: 'timestamptz' }) changedAt!: Date;
  @Column({ type: 'jsonb', nullable: true }) before!: Record<string, unknown> | null;
  @Column({ type: 'jsonb' }) after!: Record<string, unknown>;
}
