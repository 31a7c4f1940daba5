import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { SupplierWorkspace } from '../core/api/api-types';
import { AuthService } from '../core/auth/auth.service';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { SharingApi } from '../items/sharing-api.service';
import { SharedItem } from '../items/sharing.types';

interface Change {
  workspace: SupplierWorkspace;
  item: SharedItem;
}

/** Landing page: what is new since the user last looked, across all their workspaces. */
@Component({
  selector: 'app-home-page',
  imports: [TranslocoDirective, RouterLink, LocalDatePipe],
  templateUrl: './home.page.html',
  styleUrl: './home.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  private readonly api = inject(SharingApi);
  readonly user = inject(AuthService).user;
  readonly changes = signal<Change[]>([]);
  readonly workspaceCount = signal(0);
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');

  constructor() {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const workspaces = (await firstValueFrom(this.api.workspaces())).items;
      this.workspaceCount.set(workspaces.length);
      const perWorkspace = await Promise.all(
        workspaces.map(async (workspace) => {
          const page = await firstValueFrom(this.api.items(workspace.id, { unseen: true }));
          return page.items.map((item) => ({ workspace, item }));
        }),
      );
      const all = perWorkspace.flat();
      all.sort((a, b) => (b.item.lastPublishedAt ?? '').localeCompare(a.item.lastPublishedAt ?? ''));
      this.changes.set(all);
      this.state.set('ready');
    } catch {
      this.state.set('failed');
    }
  }
}
