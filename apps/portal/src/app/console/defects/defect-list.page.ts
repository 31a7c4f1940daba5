import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { subject } from '@casl/ability';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import type { AppAbility } from '../../core/auth/ability';
import type { DefectSummary } from '../api/console-api.types';
import { DefectFilter, FeedbackApi } from '../api/feedback.api';
import { WorkspaceListEntry, WorkspacesApi } from '../api/workspaces.api';
import { CursorList } from '../../core/api/cursor-list';
import { JiraKeyLinkComponent } from '../ui/jira-key-link.component';
import { LoadMoreComponent } from '../../core/api/load-more.component';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

const SEVERITIES: DefectSummary['severity'][] = ['critical', 'major', 'minor'];
const SYNC_STATES: DefectSummary['sync']['state'][] = ['pending', 'delivered', 'failed'];
/**
 * What the API tells suppliers when a workspace's status map has no entry for a Jira status (see
 * `supplierStatusOf` in the API), so these can be filtered on in every workspace.
 */
export const DEFAULT_SUPPLIER_STATUSES = ['Reported', 'In progress', 'Resolved'];

/**
 * Every defect reported in the workspaces the caller owns or co-owns (all of them for an admin), with
 * its Jira issue, both statuses and sync state: one list across workspaces, filtered and paged by the API.
 */
@Component({
  selector: 'app-defect-list-page',
  imports: [
    DatePipe,
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    TranslocoDirective,
    ProblemAlertComponent,
    JiraKeyLinkComponent,
    LoadMoreComponent,
  ],
  template: `
    <section class="page" *transloco="let t">
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.defects.title') }}</h1>
        <button mat-stroked-button type="button" (click)="list.reload()" [disabled]="list.loading()">
          {{ t('console.common.refresh') }}
        </button>
      </div>
      <div class="form-row">
        <mat-form-field>
          <mat-label>{{ t('console.defects.workspace') }}</mat-label>
          <mat-select
            [value]="filter().workspaceId ?? ''"
            (selectionChange)="setFilter('workspaceId', $event.value)"
          >
            <mat-option value="">{{ t('console.defects.anyWorkspace') }}</mat-option>
            @for (ws of workspaces(); track ws.id) {
              <mat-option [value]="ws.id">{{ ws.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ t('console.defects.severity') }}</mat-label>
          <mat-select
            [value]="filter().severity ?? ''"
            (selectionChange)="setFilter('severity', $event.value)"
          >
            <mat-option value="">{{ t('console.defects.anySeverity') }}</mat-option>
            @for (s of severities; track s) {
              <mat-option [value]="s">{{ t('console.defects.severities.' + s) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ t('console.defects.status') }}</mat-label>
          <mat-select [value]="filter().status ?? ''" (selectionChange)="setFilter('status', $event.value)">
            <mat-option value="">{{ t('console.defects.anyStatus') }}</mat-option>
            @for (s of statuses(); track s) {
              <mat-option [value]="s">{{ s }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ t('console.defects.sync') }}</mat-label>
          <mat-select
            [value]="filter().syncState ?? ''"
            (selectionChange)="setFilter('syncState', $event.value)"
          >
            <mat-option value="">{{ t('console.defects.anySyncState') }}</mat-option>
            @for (s of syncStates; track s) {
              <mat-option [value]="s">{{ t('console.defects.syncStates.' + s) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      <app-problem-alert [problem]="list.problem()" />
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
            @for (defect of list.items(); track defect.id) {
              <tr>
                <td>{{ defect.title }}</td>
                <td>{{ workspaceName(defect.workspaceId) }}</td>
                <td>
                  <span class="chip" [class.warn]="defect.severity === 'critical'">{{
                    t('console.defects.severities.' + defect.severity)
                  }}</span>
                </td>
                <td>
                  @if (defect.sync.jiraKey; as key) {
                    <app-jira-key-link [key]="key" />
                  } @else {
                    —
                  }
                </td>
                <td>
                  {{ defect.status }}
                  @if (defect.externalStatus && defect.externalStatus !== defect.status) {
                    <div class="muted">
                      {{ t('console.defects.inJira', { status: defect.externalStatus }) }}
                    </div>
                  }
                </td>
                <td>
                  <span
                    class="chip"
                    [class.ok]="defect.sync.state === 'delivered'"
                    [class.warn]="defect.sync.state === 'failed'"
                    >{{ t('console.defects.syncStates.' + defect.sync.state) }}</span
                  >
                  @if (defect.sync.error) {
                    <div class="muted">{{ defect.sync.error }}</div>
                  }
                </td>
                <td>
                  {{ defect.reportedBy.displayName }} ({{ defect.reportedBy.orgName }})
                  <div class="muted">{{ defect.createdAt | date: 'medium' }}</div>
                </td>
              </tr>
            } @empty {
              @if (!list.loading()) {
                <tr>
                  <td colspan="7" class="muted">{{ t('console.defects.empty') }}</td>
                </tr>
              }
            }
          </tbody>
        </table>
      </div>
      <app-load-more [list]="list" />
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DefectListPage implements OnInit {
  private readonly api = inject(FeedbackApi);
  private readonly workspacesApi = inject(WorkspacesApi);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);

  readonly severities = SEVERITIES;
  readonly syncStates = SYNC_STATES;
  private readonly readable = signal<WorkspaceListEntry[]>([]);
  /** The workspaces the caller manages, for the filters and the workspace column; follows rule updates. */
  readonly workspaces = computed(() =>
    this.readable().filter((ws) => this.abilities.can('update', subject('Workspace', { ...ws }))),
  );
  /** Supplier-facing statuses: the defaults, then what the managed workspaces map Jira statuses to. */
  readonly statuses = computed(() => {
    const mapped = this.workspaces().flatMap((ws) => Object.values(ws.statusMap ?? {}));
    return [...new Set([...DEFAULT_SUPPLIER_STATUSES, ...mapped.sort((a, b) => a.localeCompare(b))])];
  });
  /** Query parameter (e.g. from the console home's "new defects"): the status to filter by at first. */
  readonly status = input<string>();
  readonly filter = signal<DefectFilter>({});
  private readonly names = computed(() => new Map(this.workspaces().map((ws) => [ws.id, ws.name])));
  /** A newer filter wins over an answer still on its way. */
  readonly list = new CursorList<DefectSummary>((cursor) =>
    this.api.allDefects({ ...this.filter(), managed: true }, cursor),
  );

  ngOnInit(): void {
    const status = this.status();
    if (status) this.filter.set({ status });
    void this.list.reload();
    void this.workspacesApi.listAll().then(
      (all) => this.readable.set(all),
      () => undefined,
    );
  }

  workspaceName(id: string): string {
    return this.names().get(id) ?? '';
  }

  /** An empty choice clears that filter. */
  setFilter<K extends 'workspaceId' | 'severity' | 'status' | 'syncState'>(
    key: K,
    value: DefectFilter[K] | '',
  ): void {
    this.filter.update((filter) => ({ ...filter, [key]: value || undefined }));
    void this.list.reload();
  }
}
