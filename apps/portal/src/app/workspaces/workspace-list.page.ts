import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { SupplierWorkspace } from '../core/api/api-types';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { SharingApi } from '../items/sharing-api.service';

/** The workspaces shared with the user's organisation. */
@Component({
  selector: 'app-workspace-list-page',
  imports: [MatCardModule, MatButtonModule, RouterLink, TranslocoDirective, LocalDatePipe],
  template: `
    <section class="page" *transloco="let t">
      <h1 class="page-title">{{ t('workspaces.title') }}</h1>
      @if (failed()) {
        <p role="alert" class="error">{{ t('common.loadFailed') }}</p>
      } @else if (loaded() && workspaces().length === 0) {
        <p class="empty">{{ t('workspaces.empty') }}</p>
      }
      <ul class="grid">
        @for (ws of workspaces(); track ws.id) {
          <li>
            <a class="card-link" [routerLink]="['/workspaces', ws.id]">
              <mat-card appearance="outlined">
                <mat-card-header>
                  <h2 mat-card-title>{{ ws.name }}</h2>
                  @if (ws.accessExpiresAt) {
                    <mat-card-subtitle>{{
                      t('workspaces.expires', { date: (ws.accessExpiresAt | localDate) })
                    }}</mat-card-subtitle>
                  }
                </mat-card-header>
              </mat-card>
            </a>
          </li>
        }
      </ul>
      @if (nextCursor()) {
        <button mat-stroked-button type="button" (click)="load(nextCursor()!)">
          {{ t('common.loadMore') }}
        </button>
      }
    </section>
  `,
  styles: `
    .grid {
      list-style: none;
      padding: 0;
      margin: 0 0 16px;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
      gap: 12px;
    }
    .card-link {
      display: block;
      color: inherit;
      text-decoration: none;
      border-radius: 12px;
    }
    .card-link:hover mat-card,
    .card-link:focus-visible mat-card {
      background: var(--mat-sys-surface-container);
    }
    h2[mat-card-title] {
      margin: 0 0 8px;
      font: var(--mat-sys-title-medium);
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WorkspaceListPage {
  private readonly api = inject(SharingApi);
  readonly workspaces = signal<SupplierWorkspace[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly loaded = signal(false);
  readonly failed = signal(false);

  constructor() {
    void this.load();
  }

  async load(cursor?: string): Promise<void> {
    try {
      const page = await this.api.workspaces(cursor);
      this.workspaces.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
      this.loaded.set(true);
    } catch {
      this.failed.set(true);
    }
  }
}
