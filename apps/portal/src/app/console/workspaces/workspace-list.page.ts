import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { PureAbility, subject } from '@casl/ability';
import type { AppAbility } from '../../core/auth/ability';
import type { Organization, Workspace } from '../api/console-api.types';
import { OperationsApi } from '../api/operations.api';
import { SharingApi } from '../api/sharing.api';
import { OrganizationsApi } from '../api/organizations.api';
import { WorkspacesApi } from '../api/workspaces.api';
import { ApiProblem, toApiProblem } from '../shared/api-problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';

/** Every workspace the caller may read, with its supplier, sources and publishing mode. */
@Component({
  selector: 'app-workspace-list-page',
  imports: [RouterLink, DatePipe, MatButtonModule, TranslocoDirective, ProblemAlertComponent],
  template: `
    <section class="page" *transloco="let t">
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.workspaces.title') }}</h1>
        <a mat-flat-button routerLink="new">{{ t('console.workspaces.create') }}</a>
      </div>
      <app-problem-alert [problem]="problem()" />
      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden">
            {{
              t('console.workspaces.title')
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ t('console.workspaces.name') }}</th>
              <th scope="col">{{ t('console.workspaces.supplier') }}</th>
              <th scope="col">{{ t('console.workspaces.jiraProject') }}</th>
              <th scope="col">{{ t('console.workspaces.publishing') }}</th>
              <th scope="col">{{ t('console.workspaces.expires') }}</th>
              <th scope="col">{{ t('console.workspaces.pendingDrafts') }}</th>
              <th scope="col">{{ t('console.workspaces.failedSync') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (ws of workspaces(); track ws.id) {
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
                    ws.accessExpiresAt
                      ? (ws.accessExpiresAt | date: 'mediumDate')
                      : t('console.workspaces.never')
                  }}
                </td>
                <td>
                  @if (drafts().get(ws.id); as n) {
                    <a class="chip warn" routerLink="/console/pending">{{ n }}</a>
                  } @else if (drafts().has(ws.id)) {
                    0
                  }
                </td>
                <td>
                  @if (failures().get(ws.id); as n) {
                    <a class="chip warn" routerLink="/console/sync">{{ n }}</a>
                  } @else if (failuresLoaded()) {
                    0
                  }
                </td>
              </tr>
            } @empty {
              @if (!loading()) {
                <tr>
                  <td colspan="7" class="muted">{{ t('console.workspaces.empty') }}</td>
                </tr>
              }
            }
          </tbody>
        </table>
      </div>
      @if (nextCursor()) {
        <button mat-stroked-button type="button" (click)="load(nextCursor())" [disabled]="loading()">
          {{ t('console.common.more') }}
        </button>
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WorkspaceListPage implements OnInit {
  private readonly api = inject(WorkspacesApi);
  private readonly orgsApi = inject(OrganizationsApi);
  private readonly sharingApi = inject(SharingApi);
  private readonly operationsApi = inject(OperationsApi);
  private readonly ability = inject<AppAbility>(PureAbility);

  readonly workspaces = signal<Workspace[]>([]);
  readonly orgs = signal<Organization[]>([]);
  readonly orgNames = computed(() => new Map(this.orgs().map((o) => [o.id, o.name])));
  /** Pending drafts per workspace the caller may publish in. */
  readonly drafts = signal<ReadonlyMap<string, number>>(new Map());
  /** Dead-lettered sync jobs per workspace, from the failed jobs the caller may see. */
  readonly failures = signal<ReadonlyMap<string, number>>(new Map());
  readonly failuresLoaded = signal(false);
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(false);
  readonly problem = signal<ApiProblem | null>(null);

  ngOnInit(): void {
    void this.load(null);
    if (this.ability.can('read', 'SyncJob')) void this.countFailures();
    void this.orgsApi.listAllSuppliers().then(
      (orgs) => this.orgs.set(orgs),
      () => undefined,
    );
  }

  async load(cursor: string | null): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    try {
      const page = await this.api.list(cursor);
      this.workspaces.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
      void this.countDrafts(page.items);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** The API has no per-workspace counts: read the item lists of the caller's own workspaces (bounded). */
  private async countDrafts(workspaces: Workspace[]): Promise<void> {
    const own = workspaces
      .filter((ws) => !ws.archivedAt && this.ability.can('update', subject('Workspace', { ...ws })))
      .slice(0, 50);
    for (const ws of own) {
      try {
        let count = 0;
        let cursor: string | null = null;
        for (let i = 0; i < 10; i += 1) {
          const page = await this.sharingApi.items(ws.id, cursor);
          count += page.items.filter(
            (item) => item.hasDraft && item.latestVersion > 0 && !item.withdrawnAt,
          ).length;
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        this.drafts.update((map) => new Map(map).set(ws.id, count));
      } catch {
        // A count is a hint; the workspace's own pages show the details.
      }
    }
  }

  private async countFailures(): Promise<void> {
    const counts = new Map<string, number>();
    try {
      let cursor: string | null = null;
      for (let i = 0; i < 5; i += 1) {
        const page = await this.operationsApi.jobs('failed', cursor, 200);
        for (const job of page.items) {
          const id = job.ref?.workspaceId;
          if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        cursor = page.nextCursor ?? null;
        if (!cursor) break;
      }
      this.failures.set(counts);
      this.failuresLoaded.set(true);
    } catch {
      // Without the count the column stays empty; the sync queue page has the details.
    }
  }
}
