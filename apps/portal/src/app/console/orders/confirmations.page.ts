import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { subject } from '@casl/ability';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { CursorList } from '../../core/api/cursor-list';
import { LoadMoreComponent } from '../../core/api/load-more.component';
import type { AppAbility } from '../../core/auth/ability';
import type { DeliveryConfirmationRow } from '../../orders/orders.types';
import { ConfirmationFilter, OrdersApi } from '../api/orders.api';
import { WorkspaceListEntry, WorkspacesApi } from '../api/workspaces.api';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

const STATES: DeliveryConfirmationRow['state'][] = ['pending', 'accepted', 'rejected'];

/**
 * Suppliers' answers to purchase-order lines in the workspaces the caller manages, pending ones first
 * by default: accept (Portico writes the date to Kingdee where it may) or reject with a note.
 */
@Component({
  selector: 'app-confirmations-page',
  imports: [
    DatePipe,
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    TranslocoDirective,
    ProblemAlertComponent,
    LoadMoreComponent,
  ],
  template: `
    <section class="page" *transloco="let t">
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.confirmations.title') }}</h1>
        <button mat-stroked-button type="button" (click)="list.reload()" [disabled]="list.loading()">
          {{ t('console.common.refresh') }}
        </button>
      </div>
      <div class="form-row">
        <mat-form-field>
          <mat-label>{{ t('console.confirmations.workspace') }}</mat-label>
          <mat-select
            [value]="filter().workspaceId ?? ''"
            (selectionChange)="setFilter({ workspaceId: $event.value })"
          >
            <mat-option value="">{{ t('console.confirmations.anyWorkspace') }}</mat-option>
            @for (ws of workspaces(); track ws.id) {
              <mat-option [value]="ws.id">{{ ws.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ t('console.confirmations.state') }}</mat-label>
          <mat-select [value]="filter().state ?? ''" (selectionChange)="setFilter({ state: $event.value })">
            <mat-option value="">{{ t('console.confirmations.anyState') }}</mat-option>
            @for (s of states; track s) {
              <mat-option [value]="s">{{ t('console.confirmations.states.' + s) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      <app-problem-alert [problem]="list.problem() ?? problem()" />
      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden">
            {{
              t('console.confirmations.title')
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ t('console.confirmations.line') }}</th>
              <th scope="col">{{ t('console.confirmations.workspace') }}</th>
              <th scope="col">{{ t('console.confirmations.answer') }}</th>
              <th scope="col">{{ t('console.confirmations.state') }}</th>
              <th scope="col">{{ t('console.common.actions') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (c of list.items(); track c.id) {
              <tr [attr.data-confirmation]="c.orderNumber + '/' + c.lineNumber">
                <td>
                  {{ t('console.confirmations.orderLine', { order: c.orderNumber, line: c.lineNumber }) }}
                  <div class="muted">{{ c.materialName }}</div>
                </td>
                <td>{{ workspaceName(c.workspaceId) }}</td>
                <td>
                  @if (c.kind === 'confirm') {
                    {{ t('console.confirmations.confirms', { date: c.proposedDate }) }}
                  } @else {
                    {{
                      t('console.confirmations.proposes', { from: c.previousDate ?? '—', to: c.proposedDate })
                    }}
                    <div class="muted">{{ c.reason }}</div>
                  }
                  <div class="muted">{{ c.submittedAt | date: 'medium' }}</div>
                </td>
                <td>
                  <span
                    class="chip"
                    [class.ok]="c.state === 'accepted'"
                    [class.warn]="c.state === 'rejected'"
                    >{{ t('console.confirmations.states.' + c.state) }}</span
                  >
                  @if (c.state === 'accepted') {
                    <div class="write-back" [class.warn]="c.writeBack === 'failed'">
                      {{
                        t('console.confirmations.writeBack.' + c.writeBack, {
                          order: c.orderNumber,
                          line: c.lineNumber,
                          date: c.proposedDate,
                        })
                      }}
                    </div>
                  }
                  @if (c.decisionNote) {
                    <div class="muted">“{{ c.decisionNote }}”</div>
                  }
                </td>
                <td>
                  @if (c.state === 'pending' && canDecide(c)) {
                    <div class="decide">
                      <button
                        mat-flat-button
                        type="button"
                        (click)="decide(c, 'accept')"
                        [disabled]="busy() === c.id"
                      >
                        {{ t('console.confirmations.accept') }}
                      </button>
                      <mat-form-field subscriptSizing="dynamic">
                        <mat-label>{{ t('console.confirmations.note') }}</mat-label>
                        <input matInput [(ngModel)]="notes[c.id]" maxlength="2000" />
                      </mat-form-field>
                      <button
                        mat-stroked-button
                        type="button"
                        (click)="decide(c, 'reject')"
                        [disabled]="busy() === c.id || !notes[c.id]?.trim()"
                      >
                        {{ t('console.confirmations.reject') }}
                      </button>
                    </div>
                  }
                </td>
              </tr>
            } @empty {
              @if (!list.loading()) {
                <tr>
                  <td colspan="5" class="muted">{{ t('console.confirmations.empty') }}</td>
                </tr>
              }
            }
          </tbody>
        </table>
      </div>
      <app-load-more [list]="list" />
    </section>
  `,
  styles: `
    .decide {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmationsPage implements OnInit {
  private readonly api = inject(OrdersApi);
  private readonly workspacesApi = inject(WorkspacesApi);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);

  readonly states = STATES;
  private readonly readable = signal<WorkspaceListEntry[]>([]);
  /** The workspaces the caller manages, for the filter and the workspace column. */
  readonly workspaces = computed(() =>
    this.readable().filter((ws) => this.abilities.can('update', subject('Workspace', { ...ws }))),
  );
  private readonly names = computed(() => new Map(this.readable().map((ws) => [ws.id, ws.name])));
  readonly filter = signal<ConfirmationFilter>({ state: 'pending' });
  readonly busy = signal<string | null>(null);
  readonly problem = signal<ApiProblem | null>(null);
  /** The rejection note typed per row. */
  readonly notes: Record<string, string> = {};
  readonly list = new CursorList<DeliveryConfirmationRow>((cursor) =>
    this.api.confirmations(this.filter(), cursor),
  );

  ngOnInit(): void {
    void this.list.reload();
    void this.workspacesApi.listAll().then(
      (all) => this.readable.set(all),
      () => undefined,
    );
  }

  workspaceName(id: string): string {
    return this.names().get(id) ?? '';
  }

  /** The API's rules decide on the row's workspace (owner or co-owner, or an admin). */
  canDecide(row: DeliveryConfirmationRow): boolean {
    const workspace = this.readable().find((ws) => ws.id === row.workspaceId);
    return (
      !!workspace &&
      this.abilities.can('update', subject('DeliveryConfirmation', { workspace: { ...workspace } }))
    );
  }

  /** An empty choice clears that filter. */
  setFilter(change: Partial<Record<keyof ConfirmationFilter, string>>): void {
    this.filter.update((filter) => {
      const next = { ...filter, ...change } as Record<string, string | undefined>;
      for (const key of Object.keys(next)) if (!next[key]) delete next[key];
      return next as ConfirmationFilter;
    });
    void this.list.reload();
  }

  /** The decided row shows its outcome in place (e.g. whether Kingdee was written). */
  async decide(row: DeliveryConfirmationRow, decision: 'accept' | 'reject'): Promise<void> {
    this.busy.set(row.id);
    this.problem.set(null);
    try {
      const decided = await this.api.decide(row.id, decision, this.notes[row.id]?.trim() || undefined);
      this.list.items.update((rows) => rows.map((r) => (r.id === row.id ? { ...r, ...decided } : r)));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(null);
    }
  }
}
