import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who does what in the programme (seed 000), synchronised at startup from the reference module. */
@Entity('programme_actor')
export class ProgrammeActorRow {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'text' }) acronym!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) role!: string;
  @Column({ type: 'varchar', length: 12 }) level!: 'REGIONAL' | 'NATIONAL';
  @Column({ type: 'int' }) position!: number;
}
