import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import type { AppAbility } from '../core/auth/ability';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { OrdersApi } from './orders-api.service';
import { PurchaseOrder } from './orders.types';

/** The purchase orders the PM linked to a shared item; nothing when there are none. */
@Component({
  selector: 'app-linked-orders',
  imports: [RouterLink, TranslocoDirective, LocalDatePipe],
  template: `
    @if (orders().length) {
      <section class="linked-orders" *transloco="let t">
        <h2>{{ t('orders.linkedOrders') }}</h2>
        <ul>
          @for (order of orders(); track order.id) {
            <li>
              <a [routerLink]="['/purchase-orders', order.id]">{{ order.number }}</a>
              <span class="meta">
                · {{ t('orders.orderedOn', { date: (order.orderDate | localDate) }) }}</span
              >
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    ul {
      padding-left: 20px;
    }
    .meta {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LinkedOrdersComponent {
  private readonly api = inject(OrdersApi);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);
  readonly itemId = input.required<string>();
  readonly orders = signal<PurchaseOrder[]>([]);
  private readonly canRead = computed(() => this.abilities.can('read', 'PurchaseOrder'));

  constructor() {
    effect(() => {
      const id = this.itemId();
      if (this.canRead()) void this.load(id);
    });
  }

  /** A missing section is better than an error on the item page. */
  private async load(id: string): Promise<void> {
    try {
      this.orders.set(await this.api.ofItem(id));
    } catch {
      this.orders.set([]);
    }
  }
}
