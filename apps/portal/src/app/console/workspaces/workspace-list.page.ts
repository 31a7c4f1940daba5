import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { subject } from '@casl/ability';
import { AbilityServiceSignal } from '@casl/angular';
import type { AppAbility } from '../../core/auth/ability';
import type { Organization } from '../api/console-api.types';
import { OrganizationsApi } from '../../team/organizations-api.service';
import { WorkspaceListEntry, WorkspacesApi } from '../api/workspaces-api.service';
import { CursorList } from '../../core/api/cursor-list';
import { ListTableComponent } from '../ui/list-table.component';

/** Every workspace the caller may read, with its supplier, publishing mode, pending drafts and failed sync jobs. */
@Component({
  selector: 'app-workspace-list-page',
  imports: [ListTableComponent, RouterLink, DatePipe, MatButtonModule, TranslocoDirective],
  template: `
    <section class="page" *transloco="let t">
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.workspaces.title') }}</h1>
        <a mat-flat-button routerLink="new">{{ t('console.workspaces.create') }}</a>
      </div>
      <app-list-table
        [list]="list"
        [caption]="t('console.workspaces.title')"
        [empty]="t('console.workspaces.empty')"
        [columns]="[
          t('console.workspaces.name'),
          t('console.workspaces.supplier'),
          t('console.workspaces.jiraProject'),
          t('console.workspaces.publishing'),
          t('console.workspaces.expires'),
          t('console.workspaces.pendingDrafts'),
          t('console.workspaces.failedSync'),
        ]"
      >
        @for (ws of list.items(); track ws.id) {
          <tr>
            <td>
              <a [routerLink]="[ws.id, 'items']">{{ ws.name }}</a>
              @if (ws.archivedAt) {
                <span class="chip warn">{{ t('console.workspaces.archived') }}</span>
              }
            </td>
            <td>{{ orgNames().get(ws.supplierOrgId) ?? '—' }}</td>
            <td>{{ ws.jiraProjectKey ?? '—' }}</td>
            <td>
              <span class="chip" [class.ok]="!ws.autoPublish">{{
                ws.autoPublish ? t('console.workspaces.autoPublish') : t('console.workspaces.reviewFirst')
              }}</span>
            </td>
            <td>
              {{
                ws.accessExpiresAt ? (ws.accessExpiresAt | date: 'mediumDate') : t('console.workspaces.never')
              }}
            </td>
            <td>
              @if (ws.pendingDrafts && canPublish(ws)) {
                <a class="chip warn" routerLink="/console/pending">{{ ws.pendingDrafts }}</a>
              } @else {
                {{ ws.pendingDrafts }}
              }
            </td>
            <td>
              @if (ws.failedSyncJobs) {
                <a class="chip warn" routerLink="/console/sync">{{ ws.failedSyncJobs }}</a>
              } @else {
                {{ ws.failedSyncJobs ?? '—' }}
              }
            </td>
          </tr>
        }
      </app-list-table>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WorkspaceListPage implements OnInit {
  private readonly api = inject(WorkspacesApi);
  private readonly orgsApi = inject(OrganizationsApi);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);

  readonly list = new CursorList<WorkspaceListEntry>((cursor) => this.api.list(cursor));
  readonly orgs = signal<Organization[]>([]);
  readonly orgNames = computed(() => new Map(this.orgs().map((o) => [o.id, o.name])));

  ngOnInit(): void {
    void this.list.reload();
    void this.orgsApi.listAllSuppliers().then(
      (orgs) => this.orgs.set(orgs),
      () => undefined,
    );
  }

  /** Drafts are published from the pending changes page by those who manage the workspace. */
  canPublish(ws: WorkspaceListEntry): boolean {
    return this.abilities.can('update', subject('Workspace', { ...ws }));
  }
}
