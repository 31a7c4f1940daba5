import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { TranslocoDirective } from '@jsverse/transloco';
import { AuthApi } from '../core/auth/auth-api.service';

/** The profile's calendar feed: its secret URL with copy, a new URL (rotate), and off. */
@Component({
  selector: 'app-calendar-feed',
  imports: [MatButtonModule, MatCardModule, TranslocoDirective],
  template: `
    <mat-card appearance="outlined" *transloco="let t">
      <mat-card-header
        ><h2 mat-card-title>{{ t('profile.calendar.title') }}</h2></mat-card-header
      >
      <mat-card-content>
        <p>{{ t('profile.calendar.intro') }}</p>
        @if (url(); as feedUrl) {
          <code class="feed-url" data-testid="calendar-url">{{ feedUrl }}</code>
          <p class="muted">{{ t('profile.calendar.secret') }}</p>
          <div class="actions">
            <button mat-stroked-button type="button" (click)="copy(feedUrl)">
              {{ copied() ? t('profile.calendar.copied') : t('profile.calendar.copy') }}
            </button>
            <button mat-stroked-button type="button" (click)="rotate()">
              {{ t('profile.calendar.rotate') }}
            </button>
            <button mat-stroked-button type="button" (click)="turnOff()">
              {{ t('profile.calendar.off') }}
            </button>
          </div>
        } @else {
          <button mat-flat-button type="button" (click)="rotate()">{{ t('profile.calendar.on') }}</button>
        }
        @if (failed()) {
          <p role="alert" class="error">{{ t('profile.calendar.failed') }}</p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .feed-url {
      display: block;
      overflow-wrap: anywhere;
      padding: 8px;
      background: var(--mat-sys-surface-container);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CalendarFeedComponent {
  private readonly api = inject(AuthApi);
  readonly url = signal<string | null>(null);
  readonly copied = signal(false);
  readonly failed = signal(false);

  constructor() {
    void this.run(async () => (await this.api.calendarFeed()).url);
  }

  rotate(): Promise<void> {
    return this.run(async () => (await this.api.renewCalendarFeed()).url);
  }

  turnOff(): Promise<void> {
    return this.run(async () => {
      await this.api.revokeCalendarFeed();
      return null;
    });
  }

  async copy(url: string): Promise<void> {
    await navigator.clipboard.writeText(url);
    this.copied.set(true);
  }

  private async run(action: () => Promise<string | null>): Promise<void> {
    this.failed.set(false);
    this.copied.set(false);
    try {
      this.url.set(await action());
    } catch {
      this.failed.set(true);
    }
  }
}
