import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ApiProblem } from '../../core/api/api-problem';
import type { CursorList } from '../../core/api/cursor-list';
import { LoadMoreComponent } from '../../core/api/load-more.component';
import { ProblemAlertComponent } from './problem-alert.component';

/**
 * The table of a console list page: the list's problem, a captioned table with one header per column,
 * the rows the page projects (`<tr>` elements), a line when the list is empty, and "More" while the API
 * has a next page.
 */
@Component({
  selector: 'app-list-table',
  imports: [LoadMoreComponent, ProblemAlertComponent],
  template: `
    <app-problem-alert [problem]="problem() ?? list().problem()" />
    <div class="table-wrap">
      <table class="data">
        <caption class="visually-hidden">
          {{
            caption()
          }}
        </caption>
        <thead>
          <tr>
            @for (column of columns(); track $index) {
              <th scope="col">{{ column }}</th>
            }
          </tr>
        </thead>
        <tbody>
          <ng-content />
          @if (!list().items().length && !list().loading()) {
            <tr>
              <td [attr.colspan]="columns().length" class="muted">{{ empty() }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    <app-load-more [list]="list()" />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ListTableComponent {
  readonly list =
    input.required<Pick<CursorList<unknown>, 'items' | 'loading' | 'problem' | 'nextCursor' | 'more'>>();
  /** For screen readers: what the table lists. */
  readonly caption = input.required<string>();
  /** Header texts, in column order. */
  readonly columns = input.required<string[]>();
  /** Shown when the list holds nothing. */
  readonly empty = input.required<string>();
  /** A problem of the page's own (e.g. a filter the API refused); the list's own otherwise. */
  readonly problem = input<ApiProblem | null>(null);
}
