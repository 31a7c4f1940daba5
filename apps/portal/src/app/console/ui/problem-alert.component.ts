import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import type { ApiProblem } from '../../core/api/api-problem';

/** The API's refusal in words, with every field it named; announced to screen readers. */
@Component({
  selector: 'app-problem-alert',
  imports: [TranslocoDirective],
  template: `
    @if (problem(); as p) {
      <div class="problem" role="alert" *transloco="let t">
        <strong>{{ t(p.messageKey) }}</strong>
        @if (p.detail) {
          <span> {{ p.detail }}</span>
        }
        @if (p.fields.length) {
          <ul>
            @for (f of p.fields; track $index) {
              <li>
                <code>{{ f.field }}</code> {{ f.message }}
              </li>
            }
          </ul>
        }
      </div>
    }
  `,
  styles: `
    .problem {
      margin: 12px 0;
      padding: 12px 16px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    ul {
      margin: 8px 0 0;
      padding-left: 20px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProblemAlertComponent {
  readonly problem = input<ApiProblem | null>(null);
}
