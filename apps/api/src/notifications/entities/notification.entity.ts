import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An in-app notice for one user, already rendered in that user's language. */
@Entity('notification')
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'workspace_id', type: 'uuid', nullable: true })
  workspaceId: string | null;

  @Column({ type: 'varchar', length: 100 })
  event: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  /** The shared item it is about, if any: hidden from suppliers once the item is withdrawn. */
  @Column({ name: 'item_id', type: 'uuid', nullable: true })
  itemId: string | null;

  /** Portal path to open, e.g. `/defects/<id>`. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  link: string | null;

  /** Unique per user: the same event delivered twice creates one notice. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200 })
  dedupeKey: string;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
