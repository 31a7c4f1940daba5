import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  input,
  OnInit,
  signal,
  computed,
} from '@angular/core';
import { FormArray, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoDirective } from '@jsverse/transloco';
import type { RedactionRule } from '../api/console-api.types';
import { previewRedaction } from './redaction-preview';
import { RedactionRow, redactionRow } from './workspace-form.model';

/** Regex redaction rules with a box to try them on sample text before anything is shared. */
@Component({
  selector: 'app-redaction-rules-editor',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, TranslocoDirective],
  template: `
    <fieldset class="rows" *transloco="let t">
      <legend>{{ t('console.redaction.legend') }}</legend>
      <p class="muted">{{ t('console.redaction.hint') }}</p>
      @for (row of rows().controls; track row; let i = $index) {
        <div class="row" [formGroup]="row">
          <mat-form-field class="pattern" subscriptSizing="dynamic">
            <mat-label>{{ t('console.redaction.pattern') }}</mat-label>
            <input matInput formControlName="pattern" maxlength="200" spellcheck="false" autocomplete="off" />
          </mat-form-field>
          <mat-form-field class="flags" subscriptSizing="dynamic">
            <mat-label>{{ t('console.redaction.flags') }}</mat-label>
            <input matInput formControlName="flags" maxlength="4" spellcheck="false" autocomplete="off" />
          </mat-form-field>
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ t('console.redaction.replacement') }}</mat-label>
            <input matInput formControlName="replacement" maxlength="50" placeholder="█████" />
          </mat-form-field>
          <button
            mat-button
            type="button"
            (click)="rows().removeAt(i)"
            [attr.aria-label]="t('console.redaction.remove', { n: i + 1 })"
          >
            {{ t('console.common.remove') }}
          </button>
          <span class="rule-state" [class.bad]="preview().errors[i]">
            @if (preview().errors[i]; as error) {
              {{ t('console.redaction.errors.' + error) }}
            } @else if (preview().matches[i] !== null && sample()) {
              {{ t('console.redaction.matches', { count: preview().matches[i] }) }}
            }
          </span>
        </div>
      }
      <button mat-stroked-button type="button" (click)="add()">{{ t('console.redaction.add') }}</button>

      <div class="test">
        <mat-form-field class="sample" subscriptSizing="dynamic">
          <mat-label>{{ t('console.redaction.sample') }}</mat-label>
          <textarea
            matInput
            rows="3"
            [value]="sample()"
            (input)="sample.set($any($event.target).value)"
            maxlength="5000"
          ></textarea>
        </mat-form-field>
        <div class="result">
          <span class="result-label" id="redaction-result-label">{{ t('console.redaction.result') }}</span>
          <output aria-labelledby="redaction-result-label" aria-live="polite">{{ preview().output }}</output>
        </div>
      </div>
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
      flex: 1 1 140px;
      min-width: 0;
    }
    .row .pattern {
      flex: 3 1 220px;
    }
    .row .flags {
      flex: 0 1 90px;
    }
    .rule-state {
      flex-basis: 100%;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .rule-state.bad {
      color: var(--mat-sys-error);
    }
    .test {
      margin-top: 12px;
    }
    .sample {
      width: 100%;
    }
    .result {
      margin-top: 8px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .result-label {
      display: block;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      margin-top: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RedactionRulesEditorComponent implements OnInit {
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly destroyRef = inject(DestroyRef);
  readonly rows = input.required<FormArray<RedactionRow>>();

  readonly sample = signal('');
  private readonly rules = signal<RedactionRule[]>([]);
  readonly preview = computed(() => previewRedaction(this.sample(), this.rules()));

  ngOnInit(): void {
    const read = () =>
      this.rules.set(
        this.rows()
          .getRawValue()
          .map((r) => ({
            pattern: r.pattern,
            ...(r.flags ? { flags: r.flags } : {}),
            ...(r.replacement ? { replacement: r.replacement } : {}),
          })),
      );
    read();
    const subscription = this.rows().valueChanges.subscribe(read);
    this.destroyRef.onDestroy(() => subscription.unsubscribe());
  }

  add(): void {
    this.rows().push(redactionRow(this.fb));
  }
}
