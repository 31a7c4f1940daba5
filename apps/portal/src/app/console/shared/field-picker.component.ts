import { ChangeDetectionStrategy, Component, computed, input, model, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoDirective } from '@jsverse/transloco';
import { DOCUMENT_FIELDS, JIRA_BUILT_IN_FIELDS } from './jira-fields';

/**
 * The field allowlist of one source type: for Jira issues the built-in fields as checkboxes plus custom
 * fields added by their display name; for documents their own few fields, nothing to add.
 */
@Component({
  selector: 'app-field-picker',
  imports: [MatCheckboxModule, MatFormFieldModule, MatInputModule, MatButtonModule, TranslocoDirective],
  template: `
    <fieldset class="field-picker" *transloco="let t">
      <legend>{{ legend() || t('console.fields.legend') }}</legend>
      <div class="built-in">
        @for (name of builtIn(); track name) {
          <mat-checkbox [checked]="isSelected(name)" (change)="toggle(name, $event.checked)">{{
            t(labelPrefix() + name)
          }}</mat-checkbox>
        }
      </div>
      @if (source() === 'jira_issue') {
        <div class="custom">
          @for (name of custom(); track name) {
            <mat-checkbox [checked]="true" (change)="toggle(name, $event.checked)">{{ name }}</mat-checkbox>
          }
        </div>
        <div class="add">
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ t('console.fields.customLabel') }}</mat-label>
            <input
              matInput
              [value]="draft()"
              (input)="draft.set($any($event.target).value)"
              (keydown.enter)="$event.preventDefault(); addCustom()"
              maxlength="100"
            />
          </mat-form-field>
          <button mat-stroked-button type="button" (click)="addCustom()" [disabled]="!draft().trim()">
            {{ t('console.fields.add') }}
          </button>
        </div>
      }
    </fieldset>
  `,
  styles: `
    .field-picker {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 8px 12px 12px;
      margin: 0 0 12px;
      min-width: 0;
    }
    .built-in,
    .custom {
      display: flex;
      flex-wrap: wrap;
      gap: 0 8px;
    }
    .add {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-top: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldPickerComponent {
  readonly selected = model<string[]>([]);
  readonly legend = input<string>('');
  readonly source = input<'jira_issue' | 'feishu_doc'>('jira_issue');
  readonly builtIn = computed<readonly string[]>(() =>
    this.source() === 'jira_issue' ? JIRA_BUILT_IN_FIELDS : DOCUMENT_FIELDS,
  );
  readonly labelPrefix = computed(() =>
    this.source() === 'jira_issue' ? 'console.fields.builtIn.' : 'console.fields.document.',
  );
  readonly draft = signal('');
  readonly custom = computed(() => this.selected().filter((name) => !this.builtIn().includes(name)));

  isSelected(name: string): boolean {
    return this.selected().includes(name);
  }

  toggle(name: string, on: boolean): void {
    this.selected.update((list) =>
      on ? (list.includes(name) ? list : [...list, name]) : list.filter((n) => n !== name),
    );
  }

  addCustom(): void {
    const name = this.draft().trim();
    if (!name) return;
    this.toggle(name, true);
    this.draft.set('');
  }
}
