import { ChangeDetectionStrategy, Component, inject, input, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { CursorList } from '../../core/api/cursor-list';
import { LoadMoreComponent } from '../../core/api/load-more.component';
import { LocalDatePipe } from '../../core/i18n/local-date.pipe';
import { isOverdue, localToday, stateKey } from '../../transmittals/transmittals';
import type { TransmittalStatus, TransmittalSummary } from '../../transmittals/transmittals.types';
import type { Workspace } from '../api/console-api.types';
import { TransmittalsApi } from '../api/transmittals.api';
import { WorkspacesApi } from '../api/workspaces.api';
import { ProblemAlertComponent } from '../ui/problem-alert.component';
import { TransmittalSettingsComponent } from './transmittal-settings.component';

const STATUSES: TransmittalStatus[] = ['draft', 'issued', 'responded', 'superseded'];

/** A workspace's transmittals, newest first, with a status filter and the workspace's transmittal settings. */
@Component({
  selector: 'app-transmittal-list-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    LoadMoreComponent,
    ProblemAlertComponent,
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
        <mat-form-field>
          <mat-label>{{ t('console.transmittals.status') }}</mat-label>
          <mat-select [value]="status() ?? ''" (selectionChange)="setStatus($event.value)">
            <mat-option value="">{{ t('console.transmittals.anyStatus') }}</mat-option>
            @for (s of statuses; track s) {
              <mat-option [value]="s">{{ t('transmittals.status.' + s) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      <app-problem-alert [problem]="list.problem()" />
      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden">
            {{
              t('console.transmittals.caption')
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ t('console.transmittals.number') }}</th>
              <th scope="col">{{ t('console.transmittals.subject') }}</th>
              <th scope="col">{{ t('console.transmittals.purpose') }}</th>
              <th scope="col">{{ t('console.transmittals.status') }}</th>
              <th scope="col">{{ t('console.transmittals.dueDate') }}</th>
              <th scope="col">{{ t('console.transmittals.contents') }}</th>
            </tr>
          </thead>
          <tbody>
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
            } @empty {
              @if (!list.loading()) {
                <tr>
                  <td colspan="6" class="muted">{{ t('console.transmittals.empty') }}</td>
                </tr>
              }
            }
          </tbody>
        </table>
      </div>
      <app-load-more [list]="list" />
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

  setStatus(status: TransmittalStatus | ''): void {
    this.status.set(status || null);
    void this.list.reload();
  }
}
