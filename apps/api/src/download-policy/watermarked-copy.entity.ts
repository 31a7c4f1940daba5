import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DownloadMode } from './download-policy.entity';

const bigintAsNumber = { to: (v: number) => v, from: (v: string) => Number(v) };

/**
 * A stamped copy of a revision made for one user, per mode and label, kept in storage under
 * `watermarked/` until `expires_at` so repeated downloads and previews do not stamp again; the cleanup
 * job deletes it after.
 */
@Entity('watermarked_copy')
export class WatermarkedCopy {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'revision_id', type: 'uuid' })
  revisionId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** `view_only` copies of images too large to stamp at full size are scaled down; downloads never are. */
  @Column({ type: 'varchar', length: 16 })
  mode: DownloadMode;

  /** The stamp's label: `Rev C`, or `ACME-T-0001 · Rev C` when handed out as part of a transmittal. */
  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Column({ name: 'object_key', type: 'varchar', length: 512 })
  objectKey: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  size: number;

  /** Of the stamped bytes; the revision's own SHA-256 (of the original) is unchanged. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** The time printed in the stamp. */
  @Column({ name: 'stamped_at', type: 'timestamptz' })
  stampedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
