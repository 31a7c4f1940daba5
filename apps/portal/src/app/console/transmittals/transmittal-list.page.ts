import { ChangeDetectionStrategy, Component, inject, input, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { CursorList } from '../../core/api/cursor-list';
import { LocalDatePipe } from '../../core/i18n/local-date.pipe';
import { isOverdue, localToday, stateKey } from '../../transmittals/transmittals';
import type { TransmittalStatus, TransmittalSummary } from '../../transmittals/transmittals.types';
import type { Workspace } from '../api/console-api.types';
import { TransmittalsApi } from '../api/transmittals-api.service';
import { WorkspacesApi } from '../api/workspaces-api.service';
import { FilterSelectComponent } from '../ui/filter-select.component';
import { ListTableComponent } from '../ui/list-table.component';
import { TransmittalSettingsComponent } from './transmittal-settings.component';

const STATUSES: TransmittalStatus[] = ['draft', 'issued', 'responded', 'superseded'];

/** A workspace's transmittals, newest first, with a status filter and the workspace's transmittal settings. */
@Component({
  selector: 'app-transmittal-list-page',
  imports: [
    MatButtonModule,
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    FilterSelectComponent,
    ListTableComponent,
    TransmittalSettingsComponent,
  ],
  template: `
    <section class="page" *transloco="let t">
      <p>
        <a [routerLink]="['/console/workspaces', id()]">{{ t('console.transmittals.backToWorkspace') }}</a>
      </p>
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.transmittals.title', { name: workspace()?.name ?? '' }) }}</h1>
        <a mat-flat-button routerLink="/console/transmittals/new" [queryParams]="{ workspace: id() }">{{
          t('console.transmittals.create')
        }}</a>
      </div>
      <div class="form-row">
        <app-filter-select
          [label]="t('console.transmittals.status')"
          [anyLabel]="t('console.transmittals.anyStatus')"
          [options]="statuses"
          optionKey="transmittals.status."
          [value]="status()"
          (changed)="setStatus($event)"
        />
      </div>
      <app-list-table
        [list]="list"
        [caption]="t('console.transmittals.caption')"
        [empty]="t('console.transmittals.empty')"
        [columns]="[
          t('console.transmittals.number'),
          t('console.transmittals.subject'),
          t('console.transmittals.purpose'),
          t('console.transmittals.status'),
          t('console.transmittals.dueDate'),
          t('console.transmittals.contents'),
        ]"
      >
        @for (tr of list.items(); track tr.id) {
          <tr [attr.data-transmittal]="tr.number">
            <td>
              <a [routerLink]="['/console/transmittals', tr.id]">{{ tr.number }}</a>
            </td>
            <td>{{ tr.subject }}</td>
            <td>{{ tr.purposeLabel }}</td>
            <td>
              <span class="chip" [class.ok]="tr.status === 'responded'">{{ t(stateKey(tr)) }}</span>
              @if (overdue(tr)) {
                <span class="chip warn">{{ t('transmittals.states.overdue') }}</span>
              }
            </td>
            <td>{{ tr.dueDate ? (tr.dueDate | localDate) : '—' }}</td>
            <td>{{ tr.contentCount }}</td>
          </tr>
        }
      </app-list-table>
      <app-transmittal-settings [workspaceId]="id()" />
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TransmittalListPage implements OnInit {
  private readonly api = inject(TransmittalsApi);
  private readonly workspaces = inject(WorkspacesApi);
  /** Route parameter: the workspace. */
  readonly id = input.required<string>();

  readonly statuses = STATUSES;
  readonly stateKey = stateKey;
  readonly status = signal<TransmittalStatus | null>(null);
  readonly workspace = signal<Workspace | null>(null);
  private readonly today = localToday();
  readonly list = new CursorList<TransmittalSummary>((cursor) =>
    this.api.list(this.id(), this.status(), cursor),
  );

  ngOnInit(): void {
    void this.list.reload();
    void this.workspaces.get(this.id()).then(
      (ws) => this.workspace.set(ws),
      () => undefined,
    );
  }

  overdue(tr: TransmittalSummary): boolean {
    return isOverdue(tr, this.today);
  }

  setStatus(status: string): void {
    this.status.set((status || null) as TransmittalStatus | null);
    void this.list.reload();
  }
}
