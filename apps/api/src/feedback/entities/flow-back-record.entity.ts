import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The external id of one outbound effect that has no column of its own, e.g. a drawing revision's
 * Jira attachment (`target = jira-attachment:HW-12`) or its Feishu Drive file (`feishu-drive`).
 * A row without `deliveredAt` means a call was started and may have succeeded: look before repeating.
 */
@Entity('flow_back_record')
export class FlowBackRecord {
  @PrimaryColumn({ name: 'subject_type', type: 'varchar', length: 32 })
  subjectType: string;

  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  target: string;

  @Column({ name: 'external_id', type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Column({ name: 'attempted_at', type: 'timestamptz', default: () => 'now()' })
  attemptedAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
