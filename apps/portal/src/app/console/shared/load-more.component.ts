import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import type { CursorList } from '../../core/api/cursor-list';

/** "More" under a console list, while the API says there is a next page. */
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
        {{ t('console.common.more') }}
      </button>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoadMoreComponent {
  readonly list = input.required<Pick<CursorList<unknown>, 'nextCursor' | 'loading' | 'more'>>();
}
