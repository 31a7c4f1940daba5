import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../../core/api/api-types';
import type {
  DeliveryConfirmation,
  DeliveryConfirmationRow,
  KingdeeSupplierStatus,
  PurchaseOrder,
  PurchaseOrderDetail,
  PurchaseOrderSummary,
} from '../../orders/orders.types';
import { pageParams } from '../../core/api/page-params';

const enc = encodeURIComponent;

/** Filters of `GET /api/v1/delivery-confirmations`. */
export interface ConfirmationFilter {
  workspaceId?: string;
  state?: DeliveryConfirmation['state'];
}

/** The PM's side of the purchase-order routes: Kingdee supplier mapping, item links, confirmations. */
@Injectable({ providedIn: 'root' })
export class OrdersApi {
  private readonly http = inject(HttpClient);

  confirmations(filter: ConfirmationFilter, cursor?: string | null): Promise<Page<DeliveryConfirmationRow>> {
    let params = pageParams(cursor, 50);
    if (filter.workspaceId) params = params.set('workspaceId', filter.workspaceId);
    if (filter.state) params = params.set('state', filter.state);
    return firstValueFrom(
      this.http.get<Page<DeliveryConfirmationRow>>('/api/v1/delivery-confirmations', { params }),
    );
  }

  decide(id: string, decision: 'accept' | 'reject', note?: string): Promise<DeliveryConfirmation> {
    return firstValueFrom(
      this.http.post<DeliveryConfirmation>(`/api/v1/delivery-confirmations/${enc(id)}/${decision}`, {
        ...(note ? { note } : {}),
      }),
    );
  }

  supplier(workspaceId: string): Promise<KingdeeSupplierStatus> {
    return firstValueFrom(
      this.http.get<KingdeeSupplierStatus>(`/api/v1/workspaces/${enc(workspaceId)}/kingdee-supplier`),
    );
  }

  setSupplier(workspaceId: string, supplierNumber: string): Promise<KingdeeSupplierStatus> {
    return firstValueFrom(
      this.http.put<KingdeeSupplierStatus>(`/api/v1/workspaces/${enc(workspaceId)}/kingdee-supplier`, {
        supplierNumber,
      }),
    );
  }

  refresh(workspaceId: string): Promise<{ changes: number }> {
    return firstValueFrom(
      this.http.post<{ changes: number }>(
        `/api/v1/workspaces/${enc(workspaceId)}/purchase-orders/refresh`,
        {},
      ),
    );
  }

  /** Every order of the workspace, open or not, for linking them to items. */
  orders(workspaceId: string, cursor?: string | null): Promise<Page<PurchaseOrderSummary>> {
    const params = pageParams(cursor, 100).set('status', 'all');
    return firstValueFrom(
      this.http.get<Page<PurchaseOrderSummary>>(`/api/v1/workspaces/${enc(workspaceId)}/purchase-orders`, {
        params,
      }),
    );
  }

  order(id: string): Promise<PurchaseOrderDetail> {
    return firstValueFrom(this.http.get<PurchaseOrderDetail>(`/api/v1/purchase-orders/${enc(id)}`));
  }

  ordersOfItem(itemId: string): Promise<PurchaseOrder[]> {
    return firstValueFrom(this.http.get<PurchaseOrder[]>(`/api/v1/items/${enc(itemId)}/purchase-orders`));
  }

  setItems(orderId: string, itemIds: string[]): Promise<PurchaseOrderDetail> {
    return firstValueFrom(
      this.http.put<PurchaseOrderDetail>(`/api/v1/purchase-orders/${enc(orderId)}/items`, { itemIds }),
    );
  }
}
