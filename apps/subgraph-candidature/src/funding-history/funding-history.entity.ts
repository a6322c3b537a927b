import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What an ESSMS (FINESS ET) was already funded for, across campaigns: the facts of E03–E05. */
@Entity('funding_history')
export class FundingHistoryRow {
  @PrimaryColumn({ type: 'integer', generated: 'increment' }) id!: number;
  @Column({ type: 'text' }) finess!: string;
  /** Campaign label or id ("ARS Normandie 2022", "normandie-2024"). */
  @Column({ type: 'text' }) campaign!: string;
  @Column({ type: 'text' }) situation!: 'ACQUISITION' | 'UPGRADE' | 'NONE'; // NONE: only a SONS order, no ESMS numérique funding
  /** Catalogue id of the DUI solution (the annuaire gives its product name), or a free name for imported history. */
  @Column({ name: 'software_solution', type: 'text', nullable: true }) softwareSolution!: string | null;
  /** Prestation Ségur (SONS) ordered for this ESSMS. */
  @Column({ name: 'sons_ordered', type: 'boolean' }) sonsOrdered!: boolean;
  @Column({ type: 'integer' }) amount!: number;
  /** Where the fact comes from: 'candidature', 'import CNSA 2023', 'demo'… */
  @Column({ type: 'text' }) source!: string;
  @Column({ name: 'candidature_id', type: 'uuid', nullable: true }) candidatureId!: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}
