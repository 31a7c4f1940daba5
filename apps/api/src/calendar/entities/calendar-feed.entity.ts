import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A user's calendar feed; no row means the user never turned it on. */
@Entity('calendar_feed')
export class CalendarFeed {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** Part of what the URL's secret is derived from: bumping it kills every earlier URL. */
  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
