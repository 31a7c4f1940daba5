import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Workspace } from '../../workspaces';
import { PurchaseOrderLine } from './purchase-order-line.entity';

/** A Kingdee purchase order as the supplier sees it: a read model refreshed from Kingdee, never edited here. */
@Entity('purchase_order')
export class PurchaseOrder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  /** Joined for the authorization rules, which are written against `workspace.<property>`. */
  @ManyToOne(() => Workspace, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace;

  /** Kingdee's FID. */
  @Column({ name: 'kingdee_id', type: 'bigint' })
  kingdeeId: string;

  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Column({ name: 'order_date', type: 'date' })
  orderDate: string;

  /** Z draft, A created, B in approval, C approved, D re-audit. */
  @Column({ name: 'document_status', type: 'varchar', length: 1 })
  documentStatus: string;

  @Column({ type: 'boolean' })
  closed: boolean;

  @Column({ type: 'boolean' })
  cancelled: boolean;

  @Column({ name: 'purchasing_org', type: 'varchar', length: 300 })
  purchasingOrg: string;

  @Column({ type: 'varchar', length: 300 })
  buyer: string;

  @Column({ name: 'synced_at', type: 'timestamptz' })
  syncedAt: Date;

  @OneToMany(() => PurchaseOrderLine, (line) => line.order)
  lines?: PurchaseOrderLine[];
}
