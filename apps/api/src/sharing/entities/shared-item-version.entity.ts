import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ItemSnapshot } from '../projection/snapshot';

/** A published, immutable snapshot; `(item_id, version)` is unique. */
@Entity('shared_item_version')
export class SharedItemVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  snapshot: ItemSnapshot;

  @Column({ name: 'source_revision', type: 'varchar', length: 100, nullable: true })
  sourceRevision: string | null;

  /** Null when the workspace published automatically. */
  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy: string | null;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
