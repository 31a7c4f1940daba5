import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { PureAbility, subject } from '@casl/ability';
import { TranslocoDirective } from '@jsverse/transloco';
import type { AppAbility } from '../../core/auth/ability';
import type { DefectSummary, Workspace } from '../api/console-api.types';
import { FeedbackApi } from '../api/feedback.api';
import { WorkspacesApi } from '../api/workspaces.api';
import { ApiProblem, toApiProblem } from '../shared/api-problem';
import { JiraKeyLinkComponent } from '../shared/jira-key-link.component';
import { ProblemAlertComponent } from '../shared/problem-alert.component';

interface DefectRow {
  workspace: Workspace;
  defect: DefectSummary;
}

/** Every defect reported in the caller's workspaces, with its Jira issue, both statuses and sync state. */
@Component({
  selector: 'app-defect-list-page',
  imports: [DatePipe, MatButtonModule, TranslocoDirective, ProblemAlertComponent, JiraKeyLinkComponent],
  template: `
    <section class="page" *transloco="let t">
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.defects.title') }}</h1>
        <button mat-stroked-button type="button" (click)="load()" [disabled]="loading()">
          {{ t('console.common.refresh') }}
        </button>
      </div>
      <app-problem-alert [problem]="problem()" />
      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden">
            {{
              t('console.defects.title')
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ t('console.defects.defect') }}</th>
              <th scope="col">{{ t('console.defects.workspace') }}</th>
              <th scope="col">{{ t('console.defects.severity') }}</th>
              <th scope="col">{{ t('console.defects.jira') }}</th>
              <th scope="col">{{ t('console.defects.status') }}</th>
              <th scope="col">{{ t('console.defects.sync') }}</th>
              <th scope="col">{{ t('console.defects.reported') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.defect.id) {
              <tr>
                <td>{{ row.defect.title }}</td>
                <td>{{ row.workspace.name }}</td>
                <td>
                  <span class="chip" [class.warn]="row.defect.severity === 'critical'">{{
                    t('console.defects.severities.' + row.defect.severity)
                  }}</span>
                </td>
                <td>
                  @if (row.defect.sync.jiraKey; as key) {
                    <app-jira-key-link [key]="key" />
                  } @else {
                    —
                  }
                </td>
                <td>
                  {{ row.defect.status }}
                  @if (row.defect.externalStatus && row.defect.externalStatus !== row.defect.status) {
                    <div class="muted">
                      {{ t('console.defects.inJira', { status: row.defect.externalStatus }) }}
                    </div>
                  }
                </td>
                <td>
                  <span
                    class="chip"
                    [class.ok]="row.defect.sync.state === 'delivered'"
                    [class.warn]="row.defect.sync.state === 'failed'"
                    >{{ t('console.defects.syncStates.' + row.defect.sync.state) }}</span
                  >
                  @if (row.defect.sync.error) {
                    <div class="muted">{{ row.defect.sync.error }}</div>
                  }
                </td>
                <td>
                  {{ row.defect.reportedBy.displayName }} ({{ row.defect.reportedBy.orgName }})
                  <div class="muted">{{ row.defect.createdAt | date: 'medium' }}</div>
                </td>
              </tr>
            } @empty {
              @if (!loading()) {
                <tr>
                  <td colspan="7" class="muted">{{ t('console.defects.empty') }}</td>
                </tr>
              }
            }
          </tbody>
        </table>
      </div>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DefectListPage implements OnInit {
  private readonly api = inject(FeedbackApi);
  private readonly workspacesApi = inject(WorkspacesApi);
  private readonly ability = inject<AppAbility>(PureAbility);

  readonly rows = signal<DefectRow[]>([]);
  readonly loading = signal(false);
  readonly problem = signal<ApiProblem | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    try {
      const workspaces = (await this.workspacesApi.listAll()).filter((ws) =>
        this.ability.can('update', subject('Workspace', { ...ws })),
      );
      const rows: DefectRow[] = [];
      for (const workspace of workspaces) {
        let cursor: string | null = null;
        for (let i = 0; i < 20; i += 1) {
          const page = await this.api.defects(workspace.id, cursor);
          rows.push(...page.items.map((defect) => ({ workspace, defect })));
          cursor = page.nextCursor;
          if (!cursor) break;
        }
      }
      rows.sort((a, b) => (a.defect.createdAt < b.defect.createdAt ? 1 : -1));
      this.rows.set(rows);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }
}
