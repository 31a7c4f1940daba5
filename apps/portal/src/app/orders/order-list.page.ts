import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { NotFoundPage } from '../not-found/not-found.page';
import { OrdersApi } from './orders-api.service';
import { OrderFilters, PurchaseOrderSummary } from './orders.types';
import { OrdersTabsComponent } from './orders-tabs.component';

/** The workspace's purchase orders from Kingdee: open ones by default, filters for due soon and overdue. */
@Component({
  selector: 'app-order-list-page',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatSelectModule,
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    NotFoundPage,
    OrdersTabsComponent,
  ],
  template: `
    @if (state() === 'notFound') {
      <app-not-found-page />
    } @else {
      <section class="page orders" *transloco="let t">
        <app-orders-tabs [workspaceId]="id()" current="orders" />
        <h1 class="page-title">{{ t('orders.title') }}</h1>
        <div class="filters">
          <mat-form-field>
            <mat-label>{{ t('orders.show') }}</mat-label>
            <mat-select
              [value]="filters().status ?? 'open'"
              (selectionChange)="setFilter({ status: $event.value })"
            >
              <mat-option value="open">{{ t('orders.openOnly') }}</mat-option>
              <mat-option value="all">{{ t('orders.all') }}</mat-option>
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ t('orders.due') }}</mat-label>
            <mat-select
              [value]="filters().dueWithinDays ?? ''"
              (selectionChange)="setFilter({ dueWithinDays: $event.value === '' ? undefined : $event.value })"
            >
              <mat-option value="">{{ t('orders.anyDue') }}</mat-option>
              @for (days of dueChoices; track days) {
                <mat-option [value]="days">{{ t('orders.dueWithin', { days }) }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-checkbox [checked]="!!filters().overdue" (change)="setFilter({ overdue: $event.checked })">{{
            t('orders.overdueOnly')
          }}</mat-checkbox>
        </div>
        @if (state() === 'failed') {
          <p role="alert" class="error">{{ t('common.loadFailed') }}</p>
        }
        <ul class="order-list">
          @for (order of orders(); track order.id) {
            <li [class.overdue]="order.overdueLines > 0">
              <a class="title" [routerLink]="['/purchase-orders', order.id]">{{ order.number }}</a>
              <span class="meta">{{ t('orders.orderedOn', { date: (order.orderDate | localDate) }) }}</span>
              <span class="meta">{{ t('orders.lineCount', { count: order.lineCount }) }}</span>
              @if (order.nextDeliveryDate) {
                <span class="meta">{{
                  t('orders.nextDelivery', { date: (order.nextDeliveryDate | localDate) })
                }}</span>
              }
              @if (order.overdueLines > 0) {
                <span class="overdue-mark">{{
                  t('orders.overdueLines', { count: order.overdueLines })
                }}</span>
              }
              @if (order.closed) {
                <span class="chip">{{ t('orders.closed') }}</span>
              }
            </li>
          } @empty {
            @if (state() === 'ready') {
              <li class="empty">{{ t('orders.empty') }}</li>
            }
          }
        </ul>
        @if (nextCursor()) {
          <button mat-stroked-button type="button" (click)="load(nextCursor())">
            {{ t('common.loadMore') }}
          </button>
        }
      </section>
    }
  `,
  styleUrl: './orders.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderListPage {
  private readonly api = inject(OrdersApi);
  /** Route parameter: the workspace. */
  readonly id = input.required<string>();

  readonly dueChoices = [7, 14, 30];
  readonly filters = signal<OrderFilters>({ status: 'open' });
  readonly orders = signal<PurchaseOrderSummary[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly state = signal<'loading' | 'ready' | 'notFound' | 'failed'>('loading');
  private request = 0;

  constructor() {
    effect(() => {
      this.id();
      void this.load();
    });
  }

  setFilter(change: Partial<OrderFilters>): void {
    this.filters.update((f) => ({ ...f, ...change }));
    void this.load();
  }

  /** A newer request wins over an answer still on its way. */
  async load(cursor?: string | null): Promise<void> {
    const request = ++this.request;
    try {
      const page = await this.api.list(this.id(), this.filters(), cursor);
      if (request !== this.request) return;
      this.orders.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
      this.state.set('ready');
    } catch (error) {
      if (request !== this.request) return;
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }
}
