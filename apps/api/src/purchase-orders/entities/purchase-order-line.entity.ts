import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PurchaseOrder } from './purchase-order.entity';

@Entity('purchase_order_line')
export class PurchaseOrderLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @ManyToOne(() => PurchaseOrder, (order) => order.lines, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: PurchaseOrder;

  /** Kingdee's FEntryID. */
  @Column({ name: 'entry_id', type: 'bigint' })
  entryId: string;

  @Column({ name: 'line_number', type: 'int' })
  lineNumber: number;

  @Column({ name: 'material_number', type: 'varchar', length: 100 })
  materialNumber: string;

  @Column({ name: 'material_name', type: 'varchar', length: 300 })
  materialName: string;

  @Column({ type: 'varchar', length: 300 })
  specification: string;

  @Column({ type: 'numeric' })
  quantity: string;

  @Column({ type: 'varchar', length: 40 })
  unit: string;

  @Column({ name: 'delivery_date', type: 'date', nullable: true })
  deliveryDate: string | null;

  @Column({ name: 'received_quantity', type: 'numeric' })
  receivedQuantity: string;

  @Column({ name: 'remaining_quantity', type: 'numeric' })
  remainingQuantity: string;

  @Column({ type: 'boolean' })
  closed: boolean;
}
