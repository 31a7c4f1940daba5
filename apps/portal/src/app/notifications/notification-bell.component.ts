import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { Router } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { NotificationsApi, PortalNotification } from './notifications-api.service';

const POLL_MS = 60_000;

/** The bell in the header: unread count, the latest notices, mark read. */
@Component({
  selector: 'app-notification-bell',
  imports: [MatButtonModule, MatMenuModule, TranslocoDirective, LocalDatePipe],
  template: `
    <ng-container *transloco="let t">
      <button
        mat-icon-button
        type="button"
        class="bell"
        [matMenuTriggerFor]="menu"
        (menuOpened)="refresh()"
        [attr.aria-label]="t('notifications.bell', { count: unread() })"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        @if (unread() > 0) {
          <span class="count" aria-hidden="true">{{ unread() > 99 ? '99+' : unread() }}</span>
        }
      </button>
      <mat-menu #menu="matMenu" class="notifications-menu" xPosition="before">
        <div class="head" (click)="$event.stopPropagation()" role="presentation">
          <strong>{{ t('notifications.title') }}</strong>
          @if (unread() > 0) {
            <button mat-button type="button" (click)="markAllRead()">
              {{ t('notifications.markAllRead') }}
            </button>
          }
        </div>
        @for (n of items(); track n.id) {
          <button mat-menu-item type="button" class="notice" [class.unread]="!n.read" (click)="open(n)">
            <span class="title">{{ n.title }}</span>
            <span class="body">{{ n.body }}</span>
            <span class="when">{{ n.createdAt | localDate: 'short' }}</span>
          </button>
        } @empty {
          <p class="empty">{{ t('notifications.empty') }}</p>
        }
      </mat-menu>
    </ng-container>
  `,
  styles: `
    .bell {
      position: relative;
    }
    .count {
      position: absolute;
      top: 2px;
      right: 0;
      min-width: 18px;
      height: 18px;
      padding: 0 4px;
      box-sizing: border-box;
      border-radius: 9px;
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
      font:
        600 11px/18px system-ui,
        sans-serif;
    }
    .head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      padding: 4px 12px;
    }
    .notice {
      height: auto !important;
      min-height: 56px;
      padding-top: 8px;
      padding-bottom: 8px;
      white-space: normal;
      line-height: 1.3;
    }
    .notice.unread .title {
      font-weight: 600;
    }
    .title,
    .body,
    .when {
      display: block;
    }
    .body,
    .when {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .empty {
      padding: 8px 16px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationBellComponent {
  private readonly api = inject(NotificationsApi);
  private readonly router = inject(Router);
  readonly items = signal<PortalNotification[]>([]);
  readonly unread = signal(0);

  constructor() {
    void this.refresh();
    const timer = setInterval(() => void this.refresh(), POLL_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  async refresh(): Promise<void> {
    try {
      const page = await this.api.latest();
      this.items.set(page.items);
      this.unread.set(page.unreadCount);
    } catch {
      // The bell is secondary: a failed poll keeps the last known state.
    }
  }

  async open(notice: PortalNotification): Promise<void> {
    if (!notice.read) {
      try {
        await this.api.markRead(notice.id);
        this.items.update((list) => list.map((n) => (n.id === notice.id ? { ...n, read: true } : n)));
        this.unread.update((count) => Math.max(0, count - 1));
      } catch {
        // Opening the target matters more than the read mark.
      }
    }
    // Only portal paths are followed, never an absolute URL.
    if (notice.link?.startsWith('/') && !notice.link.startsWith('//'))
      await this.router.navigateByUrl(notice.link);
  }

  async markAllRead(): Promise<void> {
    const result = await this.api.markAllRead();
    this.unread.set(result.unreadCount);
    this.items.update((list) => list.map((n) => ({ ...n, read: true })));
  }
}
