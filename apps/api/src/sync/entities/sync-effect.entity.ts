import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('sync_effect')
export class SyncEffect {
  @PrimaryColumn({ name: 'job_key', type: 'varchar', length: 255 })
  jobKey: string;

  @Column({ name: 'external_ref', type: 'varchar', length: 512, nullable: true })
  externalRef: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
