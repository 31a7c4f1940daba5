import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  model,
  signal,
} from '@angular/core';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoDirective } from '@jsverse/transloco';
import type { ShareableField } from '../api/console-api.types';
import { SharingApi } from '../api/sharing-api.service';
import { DOCUMENT_FIELDS, JIRA_BUILT_IN_FIELDS } from './jira-fields';

const BUILT_IN_ONLY: ShareableField[] = JIRA_BUILT_IN_FIELDS.map((name) => ({
  name,
  label: name,
  jiraId: null,
  jiraName: null,
  custom: false,
}));

/**
 * The field allowlist. With a workspace, it offers only the fields that exist in its Jira (the API's
 * field list), each with Jira's name and id; custom fields are picked from Jira's list, never typed.
 * Without one (a workspace being created), Portico's built-in fields. A selected name Jira does not
 * know (stored before names were checked) stays listed, marked, so the PM can remove it.
 * For documents (`source="feishu_doc"`) it offers their own few fields and nothing to add.
 */
@Component({
  selector: 'app-field-picker',
  imports: [MatCheckboxModule, MatFormFieldModule, MatSelectModule, TranslocoDirective],
  template: `
    <fieldset class="field-picker" *transloco="let t">
      <legend>{{ legend() || t('console.fields.legend') }}</legend>
      @if (source() === 'feishu_doc') {
        <div class="built-in">
          @for (name of documentFields; track name) {
            <mat-checkbox [checked]="isSelected(name)" (change)="toggle(name, $event.checked)">{{
              t('console.fields.document.' + name)
            }}</mat-checkbox>
          }
        </div>
      } @else {
        <div class="built-in">
          @for (field of builtIn(); track field.name) {
            <mat-checkbox [checked]="isSelected(field.name)" (change)="toggle(field.name, $event.checked)">
              {{ t('console.fields.builtIn.' + field.name) }}
              @if (field.jiraId) {
                <span class="jira-id">{{
                  t('console.fields.jiraField', { name: field.jiraName, id: field.jiraId })
                }}</span>
              }
            </mat-checkbox>
          }
        </div>
        <div class="custom">
          @for (field of selectedCustom(); track field.name) {
            <mat-checkbox [checked]="true" (change)="toggle(field.name, $event.checked)">
              {{ field.label }}
              @if (field.jiraId) {
                <span class="jira-id">{{ field.jiraId }}</span>
              } @else {
                <span class="unknown">{{ t('console.fields.unknown') }}</span>
              }
            </mat-checkbox>
          }
        </div>
        @if (customChoices().length) {
          <mat-form-field subscriptSizing="dynamic" class="add">
            <mat-label>{{ t('console.fields.addCustom') }}</mat-label>
            <mat-select (selectionChange)="toggle($event.value, true); $event.source.writeValue(null)">
              @for (field of customChoices(); track field.name) {
                <mat-option [value]="field.name">{{ field.label }} ({{ field.jiraId }})</mat-option>
              }
            </mat-select>
          </mat-form-field>
        } @else if (!available()) {
          <p class="hint">{{ t('console.fields.customLater') }}</p>
        }
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
    .jira-id,
    .hint {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
      margin-left: 4px;
    }
    .unknown {
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
      margin-left: 4px;
    }
    .add {
      margin-top: 8px;
      width: min(100%, 360px);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldPickerComponent {
  private readonly api = inject(SharingApi);
  readonly selected = model<string[]>([]);
  readonly legend = input<string>('');
  readonly source = input<'jira_issue' | 'feishu_doc'>('jira_issue');
  readonly documentFields = DOCUMENT_FIELDS;
  /** The workspace whose Jira fields are offered; null while it does not exist yet. */
  readonly workspaceId = input<string | null>(null);
  /** Jira's shareable fields, once loaded; null without a workspace or when Jira could not be asked. */
  readonly available = signal<ShareableField[] | null>(null);

  readonly builtIn = computed(() => (this.available() ?? BUILT_IN_ONLY).filter((f) => !f.custom));
  private readonly known = computed(() => new Map((this.available() ?? []).map((f) => [f.name, f])));
  readonly selectedCustom = computed(() =>
    this.selected()
      .filter((name) => !(JIRA_BUILT_IN_FIELDS as readonly string[]).includes(name))
      .map(
        (name): ShareableField =>
          this.known().get(name) ?? { name, label: name, jiraId: null, jiraName: null, custom: true },
      ),
  );
  readonly customChoices = computed(() =>
    (this.available() ?? []).filter((f) => f.custom && !this.selected().includes(f.name)),
  );

  constructor() {
    effect(() => {
      const id = this.workspaceId();
      this.available.set(null);
      if (id)
        this.api.jiraFields(id).then(
          (fields) => this.workspaceId() === id && this.available.set(fields),
          () => undefined, // no list: built-ins only, and the API still checks every name on save
        );
    });
  }

  isSelected(name: string): boolean {
    return this.selected().includes(name);
  }

  toggle(name: string, on: boolean): void {
    if (!name) return;
    this.selected.update((list) =>
      on ? (list.includes(name) ? list : [...list, name]) : list.filter((n) => n !== name),
    );
  }
}
