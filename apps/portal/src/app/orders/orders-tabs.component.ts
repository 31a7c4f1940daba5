import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';

/** The workspace's section links on the order pages, "Orders" or "Delivery schedule" current. */
@Component({
  selector: 'app-orders-tabs',
  imports: [RouterLink, TranslocoDirective],
  template: `
    <nav class="tabs no-print" *transloco="let t" [attr.aria-label]="t('workspaces.sections')">
      <a [routerLink]="['/workspaces', workspaceId()]">{{ t('workspaces.items') }}</a>
      <a [routerLink]="['/workspaces', workspaceId(), 'schedule']">{{ t('schedule.title') }}</a>
      <a [routerLink]="['/workspaces', workspaceId(), 'files']">{{ t('files.title') }}</a>
      <a [routerLink]="['/workspaces', workspaceId(), 'defects']">{{ t('defects.title') }}</a>
      <a
        [routerLink]="['/workspaces', workspaceId(), 'orders']"
        [attr.aria-current]="current() === 'orders' ? 'page' : null"
        >{{ t('orders.title') }}</a
      >
      <a
        [routerLink]="['/workspaces', workspaceId(), 'delivery-schedule']"
        [attr.aria-current]="current() === 'schedule' ? 'page' : null"
        >{{ t('orders.schedule.title') }}</a
      >
    </nav>
  `,
  styles: `
    .tabs {
      display: flex;
      flex-wrap: wrap;
      gap: 16px;
      margin-bottom: 8px;
    }
    .tabs a[aria-current='page'] {
      font-weight: 600;
      text-decoration: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrdersTabsComponent {
  readonly workspaceId = input.required<string>();
  readonly current = input<'orders' | 'schedule' | null>(null);
}
