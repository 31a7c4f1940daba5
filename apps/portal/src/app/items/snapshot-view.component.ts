import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { SharedAttachment, Snapshot, SnapshotField } from './sharing.types';

/** The fields of one published version. HTML arrives sanitised by the API and passes Angular's sanitiser too. */
@Component({
  selector: 'app-snapshot-view',
  imports: [TranslocoDirective, LocalDatePipe],
  template: `
    <dl class="fields" *transloco="let t">
      @for (field of snapshot().fields; track field.name) {
        <div class="field" [class.wide]="field.kind === 'html'">
          <dt>{{ field.label }}</dt>
          <dd>
            @switch (field.kind) {
              @case ('html') {
                <div class="rich" [innerHTML]="text(field)"></div>
              }
              @case ('date') {
                {{ text(field) | localDate: 'medium' }}
              }
              @case ('list') {
                {{ list(field).join(', ') || '—' }}
              }
              @case ('attachments') {
                @for (file of attachments(field); track file.id) {
                  <div>{{ file.filename }}</div>
                } @empty {
                  —
                }
              }
              @default {
                {{ text(field) || '—' }}
              }
            }
          </dd>
        </div>
      }
    </dl>
  `,
  styles: `
    .fields {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
      gap: 12px 24px;
      margin: 0;
    }
    .field.wide {
      grid-column: 1 / -1;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-medium);
      margin-bottom: 2px;
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .rich {
      line-height: 1.55;
      overflow-x: auto;
    }
    .rich :is(img, table) {
      max-width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SnapshotViewComponent {
  readonly snapshot = input.required<Snapshot>();

  protected text(field: SnapshotField): string {
    return typeof field.value === 'string' ? field.value : '';
  }

  protected list(field: SnapshotField): string[] {
    return Array.isArray(field.value) ? field.value.filter((v): v is string => typeof v === 'string') : [];
  }

  protected attachments(field: SnapshotField): SharedAttachment[] {
    return Array.isArray(field.value)
      ? field.value.filter((v): v is SharedAttachment => typeof v === 'object')
      : [];
  }
}
