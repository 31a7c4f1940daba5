import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type StatusEventSource = 'reported' | 'webhook' | 'reconcile';

/** One step of a defect's supplier-facing status timeline. */
@Entity('defect_status_event')
export class DefectStatusEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'defect_id', type: 'uuid' })
  defectId: string;

  @Column({ name: 'external_status', type: 'varchar', length: 100, nullable: true })
  externalStatus: string | null;

  @Column({ name: 'supplier_status', type: 'varchar', length: 100 })
  supplierStatus: string;

  @Column({ type: 'varchar', length: 16 })
  source: StatusEventSource;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
