import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import type { FieldChange } from '../api/console-api.types';

/** A draft's field-level changes against the published version; text shows as a word diff. */
@Component({
  selector: 'app-field-changes',
  imports: [TranslocoDirective],
  template: `
    <ul class="changes" *transloco="let t">
      @for (c of changes(); track c.field) {
        <li>
          <span class="label">{{ c.label }}</span>
          <span class="chip">{{ t('console.pending.change.' + c.change) }}</span>
          <div class="diff">
            @if (c.textDiff?.length) {
              @for (part of c.textDiff; track $index) {
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
            } @else {
              @if (c.before !== null) {
                <del>{{ show(c.before) }}</del>
              }
              @if (c.after !== null) {
                <ins>{{ show(c.after) }}</ins>
              }
            }
          </div>
        </li>
      } @empty {
        <li class="muted">{{ t('console.pending.noChanges') }}</li>
      }
    </ul>
  `,
  styles: `
    .changes {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .changes li {
      padding: 6px 0;
      border-bottom: 1px dashed var(--mat-sys-outline-variant);
    }
    .label {
      font-weight: 600;
      margin-right: 8px;
    }
    .diff {
      margin-top: 4px;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    ins {
      background: #d6f5dd;
      color: #0b3d17;
      text-decoration: underline;
    }
    del {
      background: #fde0dd;
      color: #5c1010;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldChangesComponent {
  readonly changes = input<FieldChange[]>([]);

  show(value: FieldChange['before']): string {
    if (value === null) return '';
    if (typeof value === 'string') return value;
    return value.map((v) => (typeof v === 'string' ? v : v.filename)).join(', ');
  }
}
