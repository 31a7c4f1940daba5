import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { AuthService } from '../core/auth/auth.service';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { Change, ChangesApi } from './changes-api.service';

/** Landing page: what is new since the user's last visit, across all their workspaces. */
@Component({
  selector: 'app-home-page',
  imports: [TranslocoDirective, RouterLink, LocalDatePipe],
  templateUrl: './home.page.html',
  styleUrl: './home.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  private readonly api = inject(ChangesApi);
  readonly user = inject(AuthService).user;
  readonly changes = signal<Change[]>([]);
  readonly since = signal<string | null>(null);
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');

  constructor() {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const result = await this.api.whatChanged();
      this.changes.set(result.items);
      this.since.set(result.since);
      this.state.set('ready');
    } catch {
      this.state.set('failed');
    }
  }
}
