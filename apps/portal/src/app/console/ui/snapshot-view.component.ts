import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import type { ItemSnapshot, SnapshotAttachment, SnapshotField } from '../api/console-api.types';

/** A snapshot rendered the way the supplier portal shows it: title, supplier status, then each shared field. */
@Component({
  selector: 'app-snapshot-view',
  imports: [TranslocoDirective],
  template: `
    @if (snapshot(); as s) {
      <div class="snapshot" *transloco="let t">
        <p class="title">{{ s.title }}</p>
        @if (s.status) {
          <p>
            <span class="chip">{{ s.status }}</span>
          </p>
        }
        <dl>
          @for (f of s.fields; track f.name) {
            <dt>{{ f.label }}</dt>
            <dd>
              @switch (f.kind) {
                @case ('html') {
                  <div class="html" [innerHTML]="text(f)"></div>
                }
                @case ('list') {
                  {{ list(f).join(', ') || '—' }}
                }
                @case ('attachments') {
                  @for (a of attachments(f); track a.id) {
                    <div>{{ a.filename }}</div>
                  } @empty {
                    —
                  }
                }
                @default {
                  {{ text(f) || '—' }}
                }
              }
            </dd>
          } @empty {
            <dd class="muted">{{ t('console.share.noFields') }}</dd>
          }
        </dl>
      </div>
    }
  `,
  styles: `
    .title {
      font: var(--mat-sys-title-medium);
      margin: 0 0 8px;
    }
    dl {
      margin: 0;
    }
    dt {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
      margin-top: 8px;
    }
    dd {
      margin: 2px 0 0;
      overflow-wrap: anywhere;
    }
    .html :is(p, ul, ol) {
      margin: 4px 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SnapshotViewComponent {
  readonly snapshot = input<ItemSnapshot | null>(null);

  text(f: SnapshotField): string {
    return typeof f.value === 'string' ? f.value : '';
  }

  list(f: SnapshotField): string[] {
    return Array.isArray(f.value) ? f.value.filter((v): v is string => typeof v === 'string') : [];
  }

  attachments(f: SnapshotField): SnapshotAttachment[] {
    return Array.isArray(f.value)
      ? f.value.filter((v): v is SnapshotAttachment => typeof v === 'object')
      : [];
  }
}
