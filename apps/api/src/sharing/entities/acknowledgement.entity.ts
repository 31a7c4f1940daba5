import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A supplier user's statement that they read/accepted one version. */
@Entity('acknowledgement')
export class Acknowledgement {
  @PrimaryColumn({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'timestamptz' })
  at: Date;
}
