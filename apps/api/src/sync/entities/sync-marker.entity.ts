import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('sync_marker')
export class SyncMarker {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  detail: Record<string, unknown>;
}
