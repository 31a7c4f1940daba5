import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type WebhookMessageState = 'pending' | 'delivered' | 'failed';

/** One event for one endpoint; its id is the `webhook-id` header, the same on every attempt. */
@Entity('webhook_message')
export class WebhookMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId: string;

  @Column({ type: 'varchar', length: 64 })
  event: string;

  /** The announced event's job id (null for test pings): the fan-out's de-duplication key. */
  @Column({ name: 'event_job_id', type: 'varchar', length: 64, nullable: true })
  eventJobId: string | null;

  /** The JSON body exactly as signed and sent, frozen when the event happened. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state: WebhookMessageState;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
