import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { CampaignCalendar } from '@esms/domain';

/** A campaign (AAP) of one ARS; its calendar is data (SHIPPED_CALENDARS of @esms/domain). */
@Entity('campaign')
export class CampaignRow {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'region_code', type: 'text' }) regionCode!: string;
  @Column({ type: 'integer' }) year!: number;
  @Column({ type: 'text' }) label!: string;
  @Column({ type: 'jsonb' }) calendar!: CampaignCalendar;
  @Column({ name: 'reference_seq', type: 'integer', default: 0 }) referenceSeq!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
