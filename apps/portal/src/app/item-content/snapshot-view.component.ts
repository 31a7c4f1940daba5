import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import type { SharedAttachment, Snapshot, SnapshotField } from '../core/api/api-types';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';

/**
 * The fields of one item version as a supplier sees them, on the supplier's item page and in the console's
 * preview alike. HTML (rich text rendered from Jira's ADF) arrives sanitised by the API and passes
 * Angular's sanitiser too.
 */
@Component({
  selector: 'app-snapshot-view',
  imports: [TranslocoDirective, LocalDatePipe],
  template: `
    <div class="snapshot" *transloco="let t">
      @if (heading()) {
        <p class="title">{{ snapshot().title }}</p>
        @if (snapshot().status) {
          <p>
            <span class="status">{{ snapshot().status }}</span>
          </p>
        }
      }
      <dl class="fields">
        @for (field of snapshot().fields; track field.name) {
          <div class="field" [class.wide]="field.kind === 'html'">
            <dt>{{ field.label }}</dt>
            <dd>
              @switch (field.kind) {
                @case ('html') {
                  @if (text(field)) {
                    <div class="rich" [innerHTML]="text(field)"></div>
                  } @else {
                    —
                  }
                }
                @case ('date') {
                  {{ (text(field) | localDate: 'medium') || '—' }}
                }
                @case ('list') {
                  {{ list(field).join(', ') || '—' }}
                }
                @case ('attachments') {
                  @for (file of attachments(field); track file.id) {
                    <div>
                      @if (downloadable() && canDownload()(file)) {
                        <button
                          type="button"
                          class="file-link"
                          [attr.aria-label]="t('files.downloadOf', { name: file.filename })"
                          (click)="download.emit(file)"
                        >
                          {{ file.filename }}
                        </button>
                      } @else {
                        {{ file.filename }}
                      }
                    </div>
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
        } @empty {
          <p class="muted">{{ t('items.noFields') }}</p>
        }
      </dl>
    </div>
  `,
  styles: `
    .title {
      font: var(--mat-sys-title-medium);
      margin: 0 0 8px;
    }
    .status {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-high);
      font: var(--mat-sys-label-medium);
    }
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
    .muted {
      color: var(--mat-sys-on-surface-variant);
      margin: 0;
    }
    .file-link {
      all: unset;
      color: var(--mat-sys-primary);
      text-decoration: underline;
      cursor: pointer;
    }
    .file-link:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .rich {
      line-height: 1.55;
      overflow-x: auto;
    }
    .rich :is(p, ul, ol) {
      margin: 4px 0;
    }
    .rich :is(img, table) {
      max-width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SnapshotViewComponent {
  readonly snapshot = input.required<Snapshot>();
  /** Shows the snapshot's title and supplier-facing status above the fields (where the page does not). */
  readonly heading = input(false);
  /**
   * Attachment names become download buttons (the API serves the latest version's attachments, and an
   * earlier version's only through a transmittal that issued it).
   */
  readonly downloadable = input(false);
  /** Per file: the download policy may withhold formats it cannot watermark. */
  readonly canDownload = input<(file: SharedAttachment) => boolean>(() => true);
  readonly download = output<SharedAttachment>();

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
