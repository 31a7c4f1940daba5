import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { NotFoundPage } from '../not-found/not-found.page';
import { groupByIsoWeek } from './orders';
import { OrdersApi } from './orders-api.service';
import { DeliveryScheduleLine } from './orders.types';
import { OrdersTabsComponent } from './orders-tabs.component';

/** Open order lines by ISO week of their delivery date, overdue ones marked; prints on its own. */
@Component({
  selector: 'app-delivery-schedule-page',
  imports: [
    MatButtonModule,
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
        <app-orders-tabs [workspaceId]="id()" current="schedule" />
        <div class="heading">
          <h1 class="page-title">{{ t('orders.schedule.title') }}</h1>
          <button mat-stroked-button type="button" class="no-print" (click)="print()">
            {{ t('schedule.print') }}
          </button>
        </div>
        <p class="printed-on print-only">{{ t('schedule.printedOn', { date: (today | localDate) }) }}</p>
        @if (state() === 'failed') {
          <p role="alert" class="error">{{ t('common.loadFailed') }}</p>
        } @else if (state() === 'ready' && weeks().length === 0) {
          <p class="empty">{{ t('orders.schedule.empty') }}</p>
        }
        @for (week of weeks(); track week.week) {
          <section class="week">
            <h2>{{ t('orders.schedule.week', { week: week.week, start: (week.start | localDate) }) }}</h2>
            <table class="schedule-table">
              <thead>
                <tr>
                  <th scope="col">{{ t('orders.deliveryDate') }}</th>
                  <th scope="col">{{ t('orders.order') }}</th>
                  <th scope="col">{{ t('orders.material') }}</th>
                  <th scope="col">{{ t('orders.remaining') }}</th>
                </tr>
              </thead>
              <tbody>
                @for (line of week.lines; track line.id) {
                  <tr [class.overdue]="line.overdue">
                    <td>
                      {{ line.deliveryDate | localDate: 'EEE d MMM' }}
                      @if (line.overdue) {
                        <span class="overdue-mark">{{ t('orders.overdue') }}</span>
                      }
                    </td>
                    <td>
                      <a [routerLink]="['/purchase-orders', line.orderId]">{{ line.orderNumber }}</a> /
                      {{ line.lineNumber }}
                    </td>
                    <td>
                      {{ line.materialName }} <span class="meta">{{ line.materialNumber }}</span>
                    </td>
                    <td>{{ line.remainingQuantity }} {{ line.unit }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </section>
        }
      </section>
    }
  `,
  styleUrl: './orders.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeliverySchedulePage {
  private readonly api = inject(OrdersApi);
  /** Route parameter: the workspace. */
  readonly id = input.required<string>();

  readonly lines = signal<DeliveryScheduleLine[]>([]);
  readonly state = signal<'loading' | 'ready' | 'notFound' | 'failed'>('loading');
  readonly weeks = computed(() => groupByIsoWeek(this.lines()));
  readonly today = new Date().toISOString().slice(0, 10);

  constructor() {
    effect(() => void this.load(this.id()));
  }

  print(): void {
    window.print();
  }

  private async load(id: string): Promise<void> {
    this.state.set('loading');
    try {
      this.lines.set(await this.api.schedule(id));
      this.state.set('ready');
    } catch (error) {
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }
}
