import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which Kingdee supplier (`FSupplierId.FNumber`) a workspace's supplier organisation is, set by the
 * workspace's PM and checked against Kingdee's supplier list when saved.
 */
@Entity('kingdee_supplier_link')
export class KingdeeSupplierLink {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ name: 'supplier_number', type: 'varchar', length: 64 })
  supplierNumber: string;

  @Column({ name: 'supplier_name', type: 'varchar', length: 300 })
  supplierName: string;

  @Column({ name: 'linked_by', type: 'uuid' })
  linkedBy: string;

  @Column({ name: 'linked_at', type: 'timestamptz', default: () => 'now()' })
  linkedAt: Date;

  @Column({ name: 'last_synced_at', type: 'timestamptz', nullable: true })
  lastSyncedAt: Date | null;

  /** Why the last refresh failed; cleared by the next successful one. */
  @Column({ name: 'last_sync_error', type: 'text', nullable: true })
  lastSyncError: string | null;
}
