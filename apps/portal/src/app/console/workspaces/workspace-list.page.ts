import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import type { Organization, Workspace } from '../api/console-api.types';
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
              </tr>
            } @empty {
              @if (!loading()) {
                <tr>
                  <td colspan="5" class="muted">{{ t('console.workspaces.empty') }}</td>
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

  readonly workspaces = signal<Workspace[]>([]);
  readonly orgs = signal<Organization[]>([]);
  readonly orgNames = computed(() => new Map(this.orgs().map((o) => [o.id, o.name])));
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(false);
  readonly problem = signal<ApiProblem | null>(null);

  ngOnInit(): void {
    void this.load(null);
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
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }
}
