import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { AuthService } from '../core/auth/auth.service';

/** Landing page: what changed since the last visit (filled in as the sharing API lands). */
@Component({
  selector: 'app-home-page',
  imports: [TranslocoDirective],
  template: `
    <section class="page" *transloco="let t">
      <h1 class="page-title">{{ t('home.title') }}</h1>
      @if (user(); as u) {
        <p>{{ t('home.welcome', { name: u.displayName || u.email }) }}</p>
      }
      <div class="empty">
        <p>{{ t('home.empty') }}</p>
        <p class="hint">{{ t('home.hint') }}</p>
      </div>
    </section>
  `,
  styles: `
    .empty {
      padding: 24px;
      border: 1px dashed var(--mat-sys-outline-variant);
      border-radius: 12px;
      background: var(--mat-sys-surface-container-lowest);
    }
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  readonly user = inject(AuthService).user;
}
