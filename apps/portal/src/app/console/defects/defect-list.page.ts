import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import type { DefectSummary } from '../api/console-api.types';
import { DefectFilter, FeedbackApi } from '../api/feedback-api.service';
import { CursorList } from '../../core/api/cursor-list';
import { JiraKeyLinkComponent } from '../ui/jira-key-link.component';
import { FilterSelectComponent } from '../ui/filter-select.component';
import { ListTableComponent } from '../ui/list-table.component';
import { ManagedWorkspaces } from '../ui/managed-workspaces';

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
    TranslocoDirective,
    FilterSelectComponent,
    JiraKeyLinkComponent,
    ListTableComponent,
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
        <app-filter-select
          [label]="t('console.defects.workspace')"
          [anyLabel]="t('console.defects.anyWorkspace')"
          [options]="workspaces.options()"
          [value]="filter().workspaceId"
          (changed)="setFilter('workspaceId', $event)"
        />
        <app-filter-select
          [label]="t('console.defects.severity')"
          [anyLabel]="t('console.defects.anySeverity')"
          [options]="severities"
          optionKey="console.defects.severities."
          [value]="filter().severity"
          (changed)="setFilter('severity', $event)"
        />
        <app-filter-select
          [label]="t('console.defects.status')"
          [anyLabel]="t('console.defects.anyStatus')"
          [options]="statuses()"
          [value]="filter().status"
          (changed)="setFilter('status', $event)"
        />
        <app-filter-select
          [label]="t('console.defects.sync')"
          [anyLabel]="t('console.defects.anySyncState')"
          [options]="syncStates"
          optionKey="console.defects.syncStates."
          [value]="filter().syncState"
          (changed)="setFilter('syncState', $event)"
        />
      </div>
      <app-list-table
        [list]="list"
        [caption]="t('console.defects.title')"
        [empty]="t('console.defects.empty')"
        [columns]="[
          t('console.defects.defect'),
          t('console.defects.workspace'),
          t('console.defects.severity'),
          t('console.defects.jira'),
          t('console.defects.status'),
          t('console.defects.sync'),
          t('console.defects.reported'),
        ]"
      >
        @for (defect of list.items(); track defect.id) {
          <tr>
            <td>{{ defect.title }}</td>
            <td>{{ workspaces.name(defect.workspaceId) }}</td>
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
        }
      </app-list-table>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DefectListPage implements OnInit {
  private readonly api = inject(FeedbackApi);
  readonly severities = SEVERITIES;
  readonly syncStates = SYNC_STATES;
  readonly workspaces = new ManagedWorkspaces();
  /** Supplier-facing statuses: the defaults, then what the managed workspaces map Jira statuses to. */
  readonly statuses = computed(() => {
    const mapped = this.workspaces.managed().flatMap((ws) => Object.values(ws.statusMap ?? {}));
    return [...new Set([...DEFAULT_SUPPLIER_STATUSES, ...mapped.sort((a, b) => a.localeCompare(b))])];
  });
  /** Query parameter (e.g. from the console home's "new defects"): the status to filter by at first. */
  readonly status = input<string>();
  readonly filter = signal<DefectFilter>({});
  /** A newer filter wins over an answer still on its way. */
  readonly list = new CursorList<DefectSummary>((cursor) =>
    this.api.allDefects({ ...this.filter(), managed: true }, cursor),
  );

  ngOnInit(): void {
    const status = this.status();
    if (status) this.filter.set({ status });
    void this.list.reload();
    void this.workspaces.load();
  }

  /** An empty choice clears that filter; the selects offer only the filter's own values. */
  setFilter(key: 'workspaceId' | 'severity' | 'status' | 'syncState', value: string): void {
    this.filter.update((filter): DefectFilter => ({ ...filter, [key]: value || undefined }));
    void this.list.reload();
  }
}
