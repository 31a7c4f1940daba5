import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { AbilityServiceSignal } from '@casl/angular';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import type { AppAbility } from '../core/auth/ability';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { NotFoundPage } from '../not-found/not-found.page';
import { LineAnswerComponent } from './line-answer.component';
import { answerStateKey } from './orders';
import { OrdersApi } from './orders-api.service';
import { DeliveryConfirmation, PurchaseOrderDetail } from './orders.types';
import { OrdersTabsComponent } from './orders-tabs.component';

/**
 * One purchase order: its lines with quantities, delivery dates and the supplier's newest answer
 * (and how far it got into Kingdee), the shared items the PM linked, and per open line the answer forms.
 */
@Component({
  selector: 'app-order-page',
  imports: [
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    NotFoundPage,
    LineAnswerComponent,
    OrdersTabsComponent,
  ],
  template: `
    @if (state() === 'notFound') {
      <app-not-found-page />
    } @else {
      <section class="page orders" *transloco="let t">
        @if (order(); as order) {
          <app-orders-tabs [workspaceId]="order.workspaceId" />
          <h1 class="page-title">{{ t('orders.orderHeading', { number: order.number }) }}</h1>
          <p class="meta">
            {{ t('orders.orderedOn', { date: (order.orderDate | localDate) }) }}
            @if (order.purchasingOrg) {
              · {{ order.purchasingOrg }}
            }
            @if (order.closed) {
              · <span class="chip">{{ t('orders.closed') }}</span>
            }
          </p>
          @if (order.items.length) {
            <h2>{{ t('orders.linkedItems') }}</h2>
            <ul class="linked">
              @for (item of order.items; track item.id) {
                <li>
                  <a [routerLink]="['/items', item.id]">{{ item.title || t('items.untitled') }}</a>
                </li>
              }
            </ul>
          }
          <h2>{{ t('orders.lines') }}</h2>
          <ol class="lines">
            @for (line of order.lines; track line.id) {
              <li class="line" [class.overdue]="line.overdue" [attr.data-line]="line.lineNumber">
                <h3 class="title">
                  {{ t('orders.lineHeading', { number: line.lineNumber }) }} · {{ line.materialName }}
                  <span class="meta">{{ line.materialNumber }}</span>
                </h3>
                <dl class="facts">
                  <dt>{{ t('orders.quantity') }}</dt>
                  <dd>{{ line.quantity }} {{ line.unit }}</dd>
                  <dt>{{ t('orders.deliveryDate') }}</dt>
                  <dd>
                    {{ (line.deliveryDate | localDate) || '—' }}
                    @if (line.overdue) {
                      <span class="overdue-mark">{{ t('orders.overdue') }}</span>
                    }
                  </dd>
                  <dt>{{ t('orders.received') }}</dt>
                  <dd>
                    {{
                      t('orders.receivedOf', {
                        received: line.receivedQuantity,
                        remaining: line.remainingQuantity,
                      })
                    }}
                  </dd>
                </dl>
                @if (line.closed) {
                  <span class="chip">{{ t('orders.lineClosed') }}</span>
                }
                @if (line.confirmation; as c) {
                  <p class="answer-state" [attr.data-state]="c.state" [attr.data-write-back]="c.writeBack">
                    @if (c.kind === 'confirm') {
                      {{ t('orders.youConfirmed', { date: (c.proposedDate | localDate) }) }}
                    } @else {
                      {{ t('orders.youProposed', { date: (c.proposedDate | localDate) }) }}
                    }
                    — <strong>{{ t(stateKey(c)) }}</strong>
                    @if (c.decisionNote) {
                      <span class="meta">“{{ c.decisionNote }}”</span>
                    }
                  </p>
                }
                @if (canAnswer() && !line.closed && line.confirmation?.state !== 'pending') {
                  <app-line-answer
                    [orderId]="order.id"
                    [line]="line"
                    (answered)="answered(line.id, $event)"
                  />
                }
              </li>
            }
          </ol>
        } @else if (state() === 'failed') {
          <p role="alert" class="error">{{ t('common.loadFailed') }}</p>
        }
      </section>
    }
  `,
  styleUrl: './orders.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderPage {
  private readonly api = inject(OrdersApi);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);
  /** Route parameter: the order. */
  readonly id = input.required<string>();

  readonly order = signal<PurchaseOrderDetail | null>(null);
  readonly state = signal<'loading' | 'ready' | 'notFound' | 'failed'>('loading');
  readonly canAnswer = computed(() => this.abilities.can('create', 'DeliveryConfirmation'));
  readonly stateKey = answerStateKey;

  constructor() {
    effect(() => void this.load(this.id()));
  }

  /** The answer just recorded becomes the line's newest. */
  answered(lineId: string, confirmation: DeliveryConfirmation): void {
    this.order.update(
      (order) =>
        order && {
          ...order,
          lines: order.lines.map((line) => (line.id === lineId ? { ...line, confirmation } : line)),
        },
    );
  }

  private async load(id: string): Promise<void> {
    this.state.set('loading');
    try {
      this.order.set(await this.api.get(id));
      this.state.set('ready');
    } catch (error) {
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }
}
