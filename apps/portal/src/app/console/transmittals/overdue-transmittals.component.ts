import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { CursorList } from '../../core/api/cursor-list';
import { LoadMoreComponent } from '../../core/api/load-more.component';
import type { TransmittalSummary } from '../../transmittals/transmittals.types';
import { TransmittalsApi } from '../api/transmittals-api.service';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

/** Issued transmittals past their due date without the supplier's response, in the workspaces the PM manages. */
@Component({
  selector: 'app-overdue-transmittals',
  imports: [DatePipe, RouterLink, TranslocoDirective, LoadMoreComponent, ProblemAlertComponent],
  template: `
    <section class="card overdue" *transloco="let t" aria-labelledby="overdue-transmittals">
      <h2 id="overdue-transmittals">{{ t('console.transmittals.overdue') }}</h2>
      <app-problem-alert [problem]="list.problem()" />
      <ul>
        @for (tr of list.items(); track tr.id) {
          <li [attr.data-transmittal]="tr.number">
            <a [routerLink]="['/console/transmittals', tr.id]">{{ tr.number }}</a>
            {{ tr.subject }}
            <span class="chip warn">{{
              t('console.transmittals.dueOn', { date: (tr.dueDate | date: 'mediumDate') })
            }}</span>
          </li>
        } @empty {
          @if (!list.loading() && !list.problem()) {
            <li class="muted">{{ t('console.transmittals.noOverdue') }}</li>
          }
        }
      </ul>
      <app-load-more [list]="list" />
    </section>
  `,
  styles: `
    ul {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    li {
      padding: 6px 0;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 8px;
      align-items: center;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OverdueTransmittalsComponent implements OnInit {
  private readonly api = inject(TransmittalsApi);
  readonly list = new CursorList<TransmittalSummary>((cursor) => this.api.overdue(cursor));

  ngOnInit(): void {
    void this.list.reload();
  }
}
