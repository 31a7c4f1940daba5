import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { passwordStrength } from './password-strength';

const LEVEL = { tooShort: 0, weak: 1, fair: 2, strong: 3 } as const;

/** A meter with a text label under a new-password field; announced politely to screen readers. */
@Component({
  selector: 'app-password-strength',
  imports: [TranslocoDirective],
  template: `
    <div class="strength" *transloco="let t" [attr.data-strength]="strength()">
      <div class="bars" aria-hidden="true">
        @for (bar of [1, 2, 3]; track bar) {
          <span class="bar" [class.on]="level() >= bar"></span>
        }
      </div>
      <span class="label" aria-live="polite">{{ t('password.strength.' + strength()) }}</span>
    </div>
  `,
  styles: `
    .strength {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 4px 0 12px;
      font: var(--mat-sys-body-small);
    }
    .bars {
      display: flex;
      gap: 4px;
    }
    .bar {
      width: 32px;
      height: 6px;
      border-radius: 3px;
      background: var(--mat-sys-outline-variant);
    }
    [data-strength='weak'] .bar.on {
      background: var(--mat-sys-error);
    }
    [data-strength='fair'] .bar.on {
      background: #b26a00;
    }
    [data-strength='strong'] .bar.on {
      background: #2e7d32;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordStrengthComponent {
  readonly password = input.required<string>();
  readonly strength = computed(() => passwordStrength(this.password()));
  readonly level = computed(() => LEVEL[this.strength()]);
}
