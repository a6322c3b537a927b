import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CandidatureState, Desk } from '@esms/domain';

@Entity('candidature')
export class CandidatureRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) reference!: string;
  @Column({ name: 'campaign_id', type: 'text' }) campaignId!: string;
  @Column({ name: 'porteur_account_id', type: 'text' }) porteurAccountId!: string;
  /** FINESS EJ of the organismes gestionnaires that file together. */
  @Column({ type: 'text', array: true }) organismes!: string[];
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) state!: CandidatureState;
  @Column({ type: 'text' }) desk!: Desk;
  @Column({ name: 'pivot_region', type: 'text', nullable: true }) pivotRegion!: string | null;
  @Column({ type: 'text' }) track!: 'regional' | 'multiregional';
  @Column({ name: 'window_code', type: 'text', nullable: true }) windowCode!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'amoa_requested', type: 'boolean', default: false }) amoaRequested!: boolean;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

const numeric = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity('grappe_member')
export class GrappeMemberRow {
  @PrimaryColumn({ type: 'integer', generated: 'increment' }) id!: number;
  @Column({ name: 'candidature_id', type: 'uuid' }) candidatureId!: string;
  @Column({ type: 'text' }) finess!: string;
  @Column({ type: 'integer', nullable: true }) rank!: number | null;
  @Column({ type: 'text' }) situation!: 'ACQUISITION' | 'UPGRADE';
  @Column({ name: 'current_dui', type: 'text', nullable: true }) currentDui!: string | null;
  @Column({ name: 'chosen_solution_id', type: 'text', nullable: true }) chosenSolutionId!: string | null;
  @Column({ name: 'saad_total_hours', type: 'numeric', nullable: true, transformer: numeric }) saadTotalHours!: number | null;
  @Column({ name: 'saad_medico_social_hours', type: 'numeric', nullable: true, transformer: numeric }) saadMedicoSocialHours!: number | null;
  @Column({ name: 'hardware_quote', type: 'integer', nullable: true }) hardwareQuote!: number | null;
  @Column({ name: 'national_entity', type: 'text', nullable: true }) nationalEntity!: string | null;
  @Column({ name: 'region_code', type: 'text' }) regionCode!: string;
  @Column({ name: 'finess_ej', type: 'text', nullable: true }) finessEj!: string | null;
}

@Entity('candidature_event')
export class CandidatureEventRow {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id!: string;
  @Column({ name: 'candidature_id', type: 'uuid' }) candidatureId!: string;
  @Column({ name: 'actor_id', type: 'text', nullable: true }) actorId!: string | null;
  @Column({ name: 'actor_role', type: 'text' }) actorRole!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text' }) action!: string;
  @Column({ name: 'from_state', type: 'text', nullable: true }) fromState!: string | null;
  @Column({ name: 'to_state', type: 'text', nullable: true }) toState!: string | null;
  @Column({ type: 'jsonb' }) details!: Record<string, unknown>;
}

@Entity('demo_marker')
export class DemoMarkerRow {
  @PrimaryColumn({ type: 'text' }) name!: string;
  @Column({ name: 'loaded_at', type: 'timestamptz' }) loadedAt!: Date;
}
