import type { components } from '../core/api/openapi';

/** Purchase orders and delivery confirmations as the API returns them (apps/api/src/purchase-orders/dto). */
type Schemas = components['schemas'];
export type PurchaseOrder = Schemas['PurchaseOrderDto'];
export type PurchaseOrderSummary = Schemas['PurchaseOrderSummaryDto'];
export type PurchaseOrderDetail = Schemas['PurchaseOrderDetailDto'];
export type PurchaseOrderLine = Schemas['PurchaseOrderLineDto'];
export type DeliveryConfirmation = Schemas['DeliveryConfirmationDto'];
export type DeliveryConfirmationRow = Schemas['DeliveryConfirmationRowDto'];
export type DeliveryScheduleLine = Schemas['DeliveryScheduleLineDto'];
export type KingdeeSupplierStatus = Schemas['KingdeeSupplierStatusDto'];
export type NewDeliveryConfirmation = Schemas['CreateDeliveryConfirmationDto'];

/** Filters of the order list; the API builds the Kingdee query from the workspace's mapping, not from these. */
export interface OrderFilters {
  status?: 'open' | 'all';
  dueWithinDays?: number;
  overdue?: boolean;
}
