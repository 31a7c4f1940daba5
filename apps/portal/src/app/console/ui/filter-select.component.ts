import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoDirective } from '@jsverse/transloco';

/** One option of a list filter whose label is not a translation (e.g. a workspace's name). */
export interface FilterOption {
  value: string;
  label: string;
}

/**
 * A filter of a console list: a select whose empty choice means "any"; emits the chosen value ('' for
 * any). A plain string option is shown as the translation `optionKey + value`, or as itself without a key.
 */
@Component({
  selector: 'app-filter-select',
  imports: [MatFormFieldModule, MatSelectModule, TranslocoDirective],
  template: `
    <mat-form-field *transloco="let t">
      <mat-label>{{ label() }}</mat-label>
      <mat-select [value]="value() ?? ''" (selectionChange)="changed.emit($event.value)">
        <mat-option value="">{{ anyLabel() }}</mat-option>
        @for (option of options(); track $index) {
          @if (isString(option)) {
            <mat-option [value]="option">{{ optionKey() ? t(optionKey() + option) : option }}</mat-option>
          } @else {
            <mat-option [value]="option.value">{{ option.label }}</mat-option>
          }
        }
      </mat-select>
    </mat-form-field>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FilterSelectComponent {
  readonly label = input.required<string>();
  readonly anyLabel = input.required<string>();
  readonly options = input.required<readonly (string | FilterOption)[]>();
  /** Translation key prefix of plain string options. */
  readonly optionKey = input('');
  readonly value = input<string | null | undefined>('');
  readonly changed = output<string>();

  protected isString(option: string | FilterOption): option is string {
    return typeof option === 'string';
  }
}
