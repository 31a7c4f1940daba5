import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import type { CursorList } from './cursor-list';

/** "More" under a paged list, while the API says there is a next page. */
@Component({
  selector: 'app-load-more',
  imports: [MatButtonModule, TranslocoDirective],
  template: `
    @if (list().nextCursor()) {
      <button
        mat-stroked-button
        type="button"
        (click)="list().more()"
        [disabled]="list().loading()"
        *transloco="let t"
      >
        {{ t(label()) }}
      </button>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoadMoreComponent {
  readonly list = input.required<Pick<CursorList<unknown>, 'nextCursor' | 'loading' | 'more'>>();
  /** Translation key of the button's text. */
  readonly label = input('console.common.more');
}
