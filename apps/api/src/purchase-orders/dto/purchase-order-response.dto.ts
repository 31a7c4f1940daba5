import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONFIRMATION_KINDS,
  CONFIRMATION_STATES,
  ConfirmationKind,
  ConfirmationState,
  DeliveryConfirmation,
  WRITE_BACK_STATES,
  WriteBackState,
} from '../entities/delivery-confirmation.entity';
import { KingdeeSupplierLink } from '../entities/kingdee-supplier-link.entity';
import { PurchaseOrderLine } from '../entities/purchase-order-line.entity';
import { PurchaseOrder } from '../entities/purchase-order.entity';
import type { ConfirmationRow } from '../delivery-confirmations.service';
import type { OrderDetail, OrderSummary } from '../purchase-orders.service';

export class KingdeeSupplierLinkDto {
  @ApiProperty() supplierNumber: string;
  @ApiProperty() supplierName: string;
  @ApiProperty({ type: String, format: 'date-time' }) linkedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSyncedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) lastSyncError: string | null;
}

export function toKingdeeSupplierLinkDto(link: KingdeeSupplierLink): KingdeeSupplierLinkDto {
  return {
    supplierNumber: link.supplierNumber,
    supplierName: link.supplierName,
    linkedAt: link.linkedAt.toISOString(),
    lastSyncedAt: link.lastSyncedAt?.toISOString() ?? null,
    lastSyncError: link.lastSyncError,
  };
}

export class PurchaseOrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workspaceId: string;
  @ApiProperty({ example: 'CGDD000118' }) number: string;
  @ApiProperty({ example: '2026-11-17' }) orderDate: string;
  @ApiProperty({
    enum: ['Z', 'A', 'B', 'C', 'D'],
    description: 'Z draft, A created, B in approval, C approved, D re-audit',
  })
  documentStatus: string;
  @ApiProperty() closed: boolean;
  @ApiProperty() cancelled: boolean;
  @ApiProperty() purchasingOrg: string;
  @ApiProperty() buyer: string;
  @ApiProperty({ type: String, format: 'date-time' }) syncedAt: string;
}

export class PurchaseOrderSummaryDto extends PurchaseOrderDto {
  @ApiProperty() lineCount: number;
  @ApiProperty({ type: String, nullable: true, description: 'Earliest delivery date of an open line' })
  nextDeliveryDate: string | null;
  @ApiProperty({ description: 'Open lines past their delivery date' }) overdueLines: number;
}

export class PurchaseOrderPageDto {
  @ApiProperty({ type: [PurchaseOrderSummaryDto] }) items: PurchaseOrderSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class DeliveryConfirmationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) lineId: string;
  @ApiProperty({ enum: CONFIRMATION_KINDS }) kind: ConfirmationKind;
  @ApiProperty({ type: String, nullable: true }) previousDate: string | null;
  @ApiProperty() proposedDate: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ format: 'uuid' }) submittedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt: string;
  @ApiProperty({ enum: CONFIRMATION_STATES }) state: ConfirmationState;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionNote: string | null;
  @ApiProperty({
    enum: WRITE_BACK_STATES,
    description:
      'none (not accepted); queued/written: saved to the Kingdee order; buyer_to_change: the order is approved, the buyer changes it in Kingdee; confirmed: Kingdee shows the date; failed',
  })
  writeBack: WriteBackState;
}

export function toDeliveryConfirmationDto(c: DeliveryConfirmation): DeliveryConfirmationDto {
  return {
    id: c.id,
    lineId: c.lineId,
    kind: c.kind,
    previousDate: c.previousDate,
    proposedDate: c.proposedDate,
    reason: c.reason,
    submittedBy: c.submittedBy,
    submittedAt: new Date(c.submittedAt).toISOString(),
    state: c.state,
    decidedAt: c.decidedAt ? new Date(c.decidedAt).toISOString() : null,
    decisionNote: c.decisionNote,
    writeBack: c.writeBack,
  };
}

export class DeliveryConfirmationRowDto extends DeliveryConfirmationDto {
  @ApiProperty({ format: 'uuid' }) workspaceId: string;
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty() orderNumber: string;
  @ApiProperty() lineNumber: number;
  @ApiProperty() materialName: string;
}

export class DeliveryConfirmationPageDto {
  @ApiProperty({ type: [DeliveryConfirmationRowDto] }) items: DeliveryConfirmationRowDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export function toDeliveryConfirmationRowDto(row: ConfirmationRow): DeliveryConfirmationRowDto {
  return {
    ...toDeliveryConfirmationDto(row),
    workspaceId: row.workspaceId,
    orderId: row.orderId,
    orderNumber: row.orderNumber,
    lineNumber: row.lineNumber,
    materialName: row.materialName,
  };
}

export class PurchaseOrderLineDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() lineNumber: number;
  @ApiProperty() materialNumber: string;
  @ApiProperty() materialName: string;
  @ApiProperty() specification: string;
  @ApiProperty() quantity: number;
  @ApiProperty() unit: string;
  @ApiProperty({ type: String, nullable: true }) deliveryDate: string | null;
  @ApiProperty() receivedQuantity: number;
  @ApiProperty() remainingQuantity: number;
  @ApiProperty() closed: boolean;
  @ApiProperty({ description: 'Open and past its delivery date' }) overdue: boolean;
  @ApiPropertyOptional({
    type: DeliveryConfirmationDto,
    nullable: true,
    description: "The supplier's newest answer",
  })
  confirmation: DeliveryConfirmationDto | null;
}

export class LinkedItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
}

export class PurchaseOrderDetailDto extends PurchaseOrderDto {
  @ApiProperty({ type: [PurchaseOrderLineDto] }) lines: PurchaseOrderLineDto[];
  @ApiProperty({ type: [LinkedItemDto], description: 'Shared items the PM linked to this order' })
  items: LinkedItemDto[];
}

export class DeliveryScheduleLineDto extends PurchaseOrderLineDto {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty() orderNumber: string;
  @ApiProperty({ example: '2026-W50', description: 'ISO week of the delivery date' }) week: string;
}

const today = () => new Date().toISOString().slice(0, 10);

export function toPurchaseOrderDto(order: PurchaseOrder): PurchaseOrderDto {
  return {
    id: order.id,
    workspaceId: order.workspaceId,
    number: order.number,
    orderDate: order.orderDate,
    documentStatus: order.documentStatus,
    closed: order.closed,
    cancelled: order.cancelled,
    purchasingOrg: order.purchasingOrg,
    buyer: order.buyer,
    syncedAt: new Date(order.syncedAt).toISOString(),
  };
}

export function toPurchaseOrderSummaryDto(order: OrderSummary): PurchaseOrderSummaryDto {
  return {
    ...toPurchaseOrderDto(order),
    lineCount: order.lineCount,
    nextDeliveryDate: order.nextDeliveryDate,
    overdueLines: order.overdueLines,
  };
}

export function toPurchaseOrderLineDto(
  line: PurchaseOrderLine,
  confirmation?: DeliveryConfirmation,
): PurchaseOrderLineDto {
  const remaining = Number(line.remainingQuantity);
  return {
    id: line.id,
    lineNumber: line.lineNumber,
    materialNumber: line.materialNumber,
    materialName: line.materialName,
    specification: line.specification,
    quantity: Number(line.quantity),
    unit: line.unit,
    deliveryDate: line.deliveryDate,
    receivedQuantity: Number(line.receivedQuantity),
    remainingQuantity: remaining,
    closed: line.closed,
    overdue: !line.closed && remaining > 0 && !!line.deliveryDate && line.deliveryDate < today(),
    confirmation: confirmation ? toDeliveryConfirmationDto(confirmation) : null,
  };
}

export function toPurchaseOrderDetailDto(detail: OrderDetail): PurchaseOrderDetailDto {
  return {
    ...toPurchaseOrderDto(detail.order),
    lines: detail.lines.map((line) => toPurchaseOrderLineDto(line, detail.confirmations.get(line.id))),
    items: detail.items,
  };
}

/** ISO 8601 week (`2026-W50`): the week of the Thursday of the date's week. */
export function isoWeek(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const thursday = new Date(day);
  thursday.setUTCDate(day.getUTCDate() + 3 - ((day.getUTCDay() + 6) % 7));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week =
    1 +
    Math.round(
      ((thursday.getTime() - firstThursday.getTime()) / 86_400_000 -
        3 +
        ((firstThursday.getUTCDay() + 6) % 7)) /
        7,
    );
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function toDeliveryScheduleLineDto(
  line: PurchaseOrderLine & { orderId: string; orderNumber: string },
): DeliveryScheduleLineDto {
  return {
    ...toPurchaseOrderLineDto(line),
    orderId: line.orderId,
    orderNumber: line.orderNumber,
    week: isoWeek(line.deliveryDate!),
  };
}

export class RefreshResultDto {
  @ApiProperty() orders: number;
  @ApiProperty() lines: number;
  @ApiProperty({ description: 'Differences to what Portico kept, each shown to the supplier' })
  changes: number;
}

export class KingdeeSupplierStatusDto {
  @ApiProperty({ description: 'Whether Portico is connected to Kingdee at all' }) configured: boolean;
  @ApiProperty({ type: KingdeeSupplierLinkDto, nullable: true }) link: KingdeeSupplierLinkDto | null;
}
