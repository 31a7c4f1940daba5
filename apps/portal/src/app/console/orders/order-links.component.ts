import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import type { PurchaseOrder, PurchaseOrderSummary } from '../../orders/orders.types';
import { OrdersApi } from '../api/orders-api.service';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

/**
 * The purchase orders linked to a shared item, and a way to link or unlink one. The API keeps the links
 * per order (PUT replaces an order's items), so a change sends the order's current items plus or minus this one.
 */
@Component({
  selector: 'app-order-links',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    TranslocoDirective,
    ProblemAlertComponent,
  ],
  template: `
    <div class="card order-links" *transloco="let t">
      <h2>{{ t('console.orderLinks.title') }}</h2>
      <ul>
        @for (order of linked(); track order.id) {
          <li>
            {{ order.number }}
            <button mat-button type="button" (click)="unlink(order)" [disabled]="busy()">
              {{ t('console.orderLinks.unlink') }}
            </button>
          </li>
        } @empty {
          <li class="muted">{{ t('console.orderLinks.none') }}</li>
        }
      </ul>
      @if (choices().length) {
        <div class="form-row">
          <mat-form-field>
            <mat-label>{{ t('console.orderLinks.order') }}</mat-label>
            <mat-select [(ngModel)]="chosen">
              @for (order of choices(); track order.id) {
                <mat-option [value]="order.id">{{ order.number }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <button mat-stroked-button type="button" (click)="link()" [disabled]="busy() || !chosen">
            {{ t('console.orderLinks.link') }}
          </button>
        </div>
      }
      <app-problem-alert [problem]="problem()" />
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderLinksComponent {
  private readonly api = inject(OrdersApi);
  readonly itemId = input.required<string>();
  readonly workspaceId = input.required<string>();

  readonly linked = signal<PurchaseOrder[]>([]);
  readonly orders = signal<PurchaseOrderSummary[]>([]);
  readonly choices = computed(() => {
    const linked = new Set(this.linked().map((o) => o.id));
    return this.orders().filter((o) => !linked.has(o.id));
  });
  readonly busy = signal(false);
  readonly problem = signal<ApiProblem | null>(null);
  chosen = '';

  constructor() {
    effect(() => void this.load(this.itemId(), this.workspaceId()));
  }

  link(): Promise<void> {
    return this.change(this.chosen, (ids) => [...ids, this.itemId()]);
  }

  unlink(order: PurchaseOrder): Promise<void> {
    return this.change(order.id, (ids) => ids.filter((id) => id !== this.itemId()));
  }

  private async change(orderId: string, edit: (itemIds: string[]) => string[]): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      const order = await this.api.order(orderId);
      await this.api.setItems(orderId, [...new Set(edit(order.items.map((i) => i.id)))]);
      this.chosen = '';
      this.linked.set(await this.itemOrders(this.itemId()));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  private itemOrders(itemId: string): Promise<PurchaseOrder[]> {
    return this.api.ordersOfItem(itemId);
  }

  private async load(itemId: string, workspaceId: string): Promise<void> {
    try {
      const [linked, page] = await Promise.all([this.itemOrders(itemId), this.api.orders(workspaceId)]);
      this.linked.set(linked);
      this.orders.set(page.items);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }
}
