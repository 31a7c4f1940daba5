import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../core/api/api-types';
import {
  DeliveryConfirmation,
  DeliveryScheduleLine,
  NewDeliveryConfirmation,
  OrderFilters,
  PurchaseOrder,
  PurchaseOrderDetail,
  PurchaseOrderSummary,
} from './orders.types';

const enc = encodeURIComponent;

/** The supplier's side of the purchase-order routes (apps/api/src/purchase-orders). */
@Injectable({ providedIn: 'root' })
export class OrdersApi {
  private readonly http = inject(HttpClient);

  list(
    workspaceId: string,
    filters: OrderFilters,
    cursor?: string | null,
  ): Promise<Page<PurchaseOrderSummary>> {
    let params = new HttpParams().set('limit', 50);
    if (cursor) params = params.set('cursor', cursor);
    if (filters.status) params = params.set('status', filters.status);
    if (filters.dueWithinDays !== undefined) params = params.set('dueWithinDays', filters.dueWithinDays);
    if (filters.overdue) params = params.set('overdue', 'true');
    return firstValueFrom(
      this.http.get<Page<PurchaseOrderSummary>>(`/api/v1/workspaces/${enc(workspaceId)}/purchase-orders`, {
        params,
      }),
    );
  }

  get(id: string): Promise<PurchaseOrderDetail> {
    return firstValueFrom(this.http.get<PurchaseOrderDetail>(`/api/v1/purchase-orders/${enc(id)}`));
  }

  schedule(workspaceId: string, weeks = 12): Promise<DeliveryScheduleLine[]> {
    return firstValueFrom(
      this.http.get<DeliveryScheduleLine[]>(`/api/v1/workspaces/${enc(workspaceId)}/delivery-schedule`, {
        params: { weeks },
      }),
    );
  }

  answer(orderId: string, lineId: string, answer: NewDeliveryConfirmation): Promise<DeliveryConfirmation> {
    return firstValueFrom(
      this.http.post<DeliveryConfirmation>(
        `/api/v1/purchase-orders/${enc(orderId)}/lines/${enc(lineId)}/confirmations`,
        answer,
      ),
    );
  }

  ofItem(itemId: string): Promise<PurchaseOrder[]> {
    return firstValueFrom(this.http.get<PurchaseOrder[]>(`/api/v1/items/${enc(itemId)}/purchase-orders`));
  }
}
