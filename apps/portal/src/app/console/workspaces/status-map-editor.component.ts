import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormArray, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoDirective } from '@jsverse/transloco';
import { StatusMapRow, statusMapRow } from './workspace-form.model';

/** Internal Jira status names and what the supplier reads instead; unmapped statuses show as they are. */
@Component({
  selector: 'app-status-map-editor',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, TranslocoDirective],
  template: `
    <fieldset class="rows" *transloco="let t">
      <legend>{{ t('console.statusMap.legend') }}</legend>
      <p class="muted">{{ t('console.statusMap.hint') }}</p>
      @for (row of rows().controls; track row; let i = $index) {
        <div class="row" [formGroup]="row">
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ t('console.statusMap.internal') }}</mat-label>
            <input matInput formControlName="internal" maxlength="100" />
          </mat-form-field>
          <span aria-hidden="true" class="arrow">→</span>
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ t('console.statusMap.supplier') }}</mat-label>
            <input matInput formControlName="supplier" maxlength="100" />
          </mat-form-field>
          <button
            mat-button
            type="button"
            (click)="rows().removeAt(i)"
            [attr.aria-label]="t('console.statusMap.remove', { n: i + 1 })"
          >
            {{ t('console.common.remove') }}
          </button>
        </div>
      }
      <button mat-stroked-button type="button" (click)="add()">{{ t('console.statusMap.add') }}</button>
    </fieldset>
  `,
  styles: `
    .rows {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 8px 12px 12px;
      margin: 0 0 12px;
      min-width: 0;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-bottom: 8px;
    }
    .row mat-form-field {
      flex: 1 1 180px;
      min-width: 0;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      margin-top: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusMapEditorComponent {
  private readonly fb = inject(NonNullableFormBuilder);
  readonly rows = input.required<FormArray<StatusMapRow>>();

  add(): void {
    this.rows().push(statusMapRow(this.fb));
  }
}
