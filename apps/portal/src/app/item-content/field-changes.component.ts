import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import type { FieldChange } from '../core/api/api-types';

/**
 * Field-level changes between two versions of an item (or a draft and the published version), on the
 * supplier's item page and the console's pending changes alike: a word-level diff for text, before → after
 * for everything else.
 */
@Component({
  selector: 'app-field-changes',
  imports: [TranslocoDirective],
  template: `
    <div class="diff" *transloco="let t">
      @for (change of changes(); track change.field) {
        <section class="change">
          <h3>
            {{ change.label }}
            <span class="kind">{{ t('items.changeKinds.' + change.change) }}</span>
          </h3>
          @if (change.textDiff?.length) {
            <p class="text">
              @for (part of change.textDiff; track $index) {
                @switch (part.op) {
                  @case ('insert') {
                    <ins>{{ part.text }}</ins>
                  }
                  @case ('delete') {
                    <del>{{ part.text }}</del>
                  }
                  @default {
                    <span>{{ part.text }}</span>
                  }
                }
              }
            </p>
          } @else {
            <div class="sides">
              <div>
                <span class="side-label">{{ t('items.before') }}</span>
                <del>{{ show(change.before) }}</del>
              </div>
              <div>
                <span class="side-label">{{ t('items.after') }}</span>
                <ins>{{ show(change.after) }}</ins>
              </div>
            </div>
          }
        </section>
      } @empty {
        <p>{{ t('items.noChanges') }}</p>
      }
    </div>
  `,
  styles: `
    .change {
      padding: 12px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    h3 {
      margin: 0 0 8px;
      font: var(--mat-sys-title-small);
    }
    .kind {
      margin-left: 8px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-small);
    }
    .text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      margin: 0;
      line-height: 1.6;
    }
    ins {
      background: #d7f5dd;
      color: #0b3d17;
      text-decoration: none;
    }
    del {
      background: #fde0de;
      color: #5c0b06;
    }
    .sides {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
      gap: 8px 24px;
      overflow-wrap: anywhere;
    }
    .side-label {
      display: block;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldChangesComponent {
  readonly changes = input.required<FieldChange[]>();

  protected show(value: FieldChange['before']): string {
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'string') return value.replace(/<[^>]*>/g, ' ');
    if (Array.isArray(value)) {
      return value
        .map((v) => (typeof v === 'object' && v && 'filename' in v ? String(v.filename) : String(v)))
        .join(', ');
    }
    return JSON.stringify(value);
  }
}
