import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A user's visits to "what changed". A visit lasts while they come back within a short gap; its
 * `visitSince` is when the previous visit ended, so reloads during a visit show the same news.
 */
@Entity('user_visit')
export class UserVisit {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The end of the previous visit; null on the first one (everything is new). */
  @Column({ name: 'visit_since', type: 'timestamptz', nullable: true })
  visitSince: Date | null;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;
}
