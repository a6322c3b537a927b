import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type EvaluationStatus = 'DRAFT' | 'SIGNED';

/**
 * One instructeur's grades of one candidature with one grid version. `region_code` is the grader's ARS
 * (from the signed claims): this subgraph cannot see the candidature's region, so visibility follows it.
 */
@Entity('evaluation')
export class EvaluationRow {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'candidature_id' }) candidatureId!: string;
  @Column('uuid', { name: 'grid_id' }) gridId!: string;
  @Column('int', { name: 'grid_version' }) gridVersion!: number;
  @Column('text', { name: 'evaluator_id' }) evaluatorId!: string;
  @Column('text', { name: 'region_code' }) regionCode!: string;
  /** `{ criterionCode: points }`. */
  @Column('jsonb') scores!: Record<string, number>;
  @Column('text', { nullable: true }) comment!: string | null;
  @Column('int') total!: number;
  @Column('text') status!: EvaluationStatus;
  @Column('timestamptz', { name: 'signed_at', nullable: true }) signedAt!: Date | null;
  /** Optimistic lock: every change is `UPDATE … WHERE id = $1 AND version = $2`. */
  @Column('int') version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** Every change of an evaluation (who, when, from, to, what), written in the same transaction. */
@Entity('evaluation_event')
export class EvaluationEventRow {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'evaluation_id' }) evaluationId!: string;
  @Column('text', { name: 'candidature_id' }) candidatureId!: string;
  @Column('text') action!: string;
  @Column('text', { name: 'actor_id' }) actorId!: string;
  @Column('text', { name: 'from_status', nullable: true }) fromStatus!: string | null;
  @Column('text', { name: 'to_status' }) toStatus!: string;
  @Column('jsonb') details!: object;
  @CreateDateColumn({ name: 'at', type: 'timestamptz' }) at!: Date;
}
