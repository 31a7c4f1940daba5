import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The newest version of an item a user has opened: drives "new since your last visit". */
@Entity('shared_item_view')
export class SharedItemView {
  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'last_seen_version', type: 'int' })
  lastSeenVersion: number;

  @Column({ name: 'seen_at', type: 'timestamptz' })
  seenAt: Date;
}
