import { Column, Entity, PrimaryColumn } from 'typeorm';

export type WebhookSource = 'jira' | 'feishu';

@Entity('webhook_delivery')
export class WebhookDelivery {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  source: WebhookSource;

  @PrimaryColumn({ name: 'delivery_id', type: 'varchar', length: 255 })
  deliveryId: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
