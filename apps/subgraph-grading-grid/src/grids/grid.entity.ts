import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type GridStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';

/** A grille d'aide à l'instruction of one ARS for one campaign, in one version. Published = immutable. */
@Entity('grid')
export class GridRow {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'region_code' }) regionCode!: string;
  @Column('text', { name: 'campaign_id' }) campaignId!: string;
  @Column('int') version!: number;
  @Column('text') status!: GridStatus;
  @Column('text') label!: string;
  @Column('text') source!: string;
  @Column('int', { name: 'maturity_threshold', nullable: true }) maturityThreshold!: number | null;
  /** Account id of the author, or `reference-data` for shipped grids. */
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
}

@Entity('grid_criterion')
export class GridCriterionRow {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'grid_id' }) gridId!: string;
  @Column('text') code!: string;
  @Column('text') label!: string;
  @Column('text') guidance!: string;
  @Column('int', { name: 'max_points' }) maxPoints!: number;
  @Column('int') position!: number;
}

@Entity('priority_rule')
export class PriorityRuleRow {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'grid_id' }) gridId!: string;
  @Column('text') code!: string;
  @Column('text') label!: string;
  @Column('text') description!: string;
  @Column('int') position!: number;
  /** Data-driven matcher (see libs/domain committee-ranking.ts); null = "à apprécier par l'ARS". */
  @Column('jsonb', { nullable: true }) matcher!: object | null;
}

/** History of a grid: created (new version), criterion changed, published, archived. */
@Entity('grid_event')
export class GridEventRow {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'grid_id' }) gridId!: string;
  @Column('text') action!: string;
  @Column('text', { name: 'actor_id' }) actorId!: string;
  @Column('text', { name: 'from_status', nullable: true }) fromStatus!: string | null;
  @Column('text', { name: 'to_status', nullable: true }) toStatus!: string | null;
  @Column('jsonb') details!: object;
  @CreateDateColumn({ name: 'at', type: 'timestamptz' }) at!: Date;
}
