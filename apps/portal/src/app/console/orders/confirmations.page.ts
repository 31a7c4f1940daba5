import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { subject } from '@casl/ability';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { CursorList } from '../../core/api/cursor-list';
import type { AppAbility } from '../../core/auth/ability';
import type { DeliveryConfirmationRow } from '../../orders/orders.types';
import { ConfirmationFilter, OrdersApi } from '../api/orders-api.service';
import { FilterSelectComponent } from '../ui/filter-select.component';
import { ListTableComponent } from '../ui/list-table.component';
import { ManagedWorkspaces } from '../ui/managed-workspaces';

const STATES: DeliveryConfirmationRow['state'][] = ['pending', 'accepted', 'rejected'];

/**
 * Suppliers' answers to purchase-order lines in the workspaces the caller manages, pending ones first
 * by default: accept (Portico writes the date to Kingdee where it may) or reject with a note.
 */
@Component({
  selector: 'app-confirmations-page',
  imports: [
    FilterSelectComponent,
    ListTableComponent,
    DatePipe,
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    TranslocoDirective,
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
        <app-filter-select
          [label]="t('console.confirmations.workspace')"
          [anyLabel]="t('console.confirmations.anyWorkspace')"
          [options]="workspaces.options()"
          [value]="filter().workspaceId"
          (changed)="setFilter({ workspaceId: $event })"
        />
        <app-filter-select
          [label]="t('console.confirmations.state')"
          [anyLabel]="t('console.confirmations.anyState')"
          [options]="states"
          optionKey="console.confirmations.states."
          [value]="filter().state"
          (changed)="setFilter({ state: $event })"
        />
      </div>
      <app-list-table
        [list]="list"
        [caption]="t('console.confirmations.title')"
        [empty]="t('console.confirmations.empty')"
        [problem]="problem()"
        [columns]="[
          t('console.confirmations.line'),
          t('console.confirmations.workspace'),
          t('console.confirmations.answer'),
          t('console.confirmations.state'),
          t('console.common.actions'),
        ]"
      >
        @for (c of list.items(); track c.id) {
          <tr [attr.data-confirmation]="c.orderNumber + '/' + c.lineNumber">
            <td>
              {{ t('console.confirmations.orderLine', { order: c.orderNumber, line: c.lineNumber }) }}
              <div class="muted">{{ c.materialName }}</div>
            </td>
            <td>{{ workspaces.name(c.workspaceId) }}</td>
            <td>
              @if (c.kind === 'confirm') {
                {{ t('console.confirmations.confirms', { date: c.proposedDate }) }}
              } @else {
                {{ t('console.confirmations.proposes', { from: c.previousDate ?? '—', to: c.proposedDate }) }}
                <div class="muted">{{ c.reason }}</div>
              }
              <div class="muted">{{ c.submittedAt | date: 'medium' }}</div>
            </td>
            <td>
              <span class="chip" [class.ok]="c.state === 'accepted'" [class.warn]="c.state === 'rejected'">{{
                t('console.confirmations.states.' + c.state)
              }}</span>
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
        }
      </app-list-table>
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
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);

  readonly states = STATES;
  readonly workspaces = new ManagedWorkspaces();
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
    void this.workspaces.load();
  }

  /** The API's rules decide on the row's workspace (owner or co-owner, or an admin). */
  canDecide(row: DeliveryConfirmationRow): boolean {
    const workspace = this.workspaces.byId(row.workspaceId);
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
