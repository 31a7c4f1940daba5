import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { buildReceiptMatrix } from '../../transmittals/transmittals';
import type { TransmittalReceipts } from '../../transmittals/transmittals.types';

/** Who of the supplier opened, downloaded or previewed each content, and acknowledged the transmittal, when. */
@Component({
  selector: 'app-receipt-matrix',
  imports: [DatePipe, TranslocoDirective],
  template: `
    @if (matrix(); as m) {
      <div class="table-wrap" *transloco="let t">
        <table class="data receipts">
          <caption>
            {{
              t('console.transmittals.receiptsSummary', {
                opened: m.opened,
                acknowledged: m.acknowledged,
                users: m.rows.length,
              })
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ t('console.transmittals.user') }}</th>
              <th scope="col">{{ t('console.transmittals.opened') }}</th>
              @for (c of m.contents; track c.id) {
                <th scope="col">
                  {{ c.title }}
                  <div class="muted">{{ t('console.transmittals.reached', { count: m.reached[c.id] }) }}</div>
                </th>
              }
              <th scope="col">{{ t('console.transmittals.acknowledged') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (row of m.rows; track row.user.userId) {
              <tr [attr.data-user]="row.user.email">
                <th scope="row">
                  {{ row.user.name }}
                  <div class="muted">{{ row.user.email }}</div>
                </th>
                <td>{{ row.user.openedAt ? (row.user.openedAt | date: 'short') : '—' }}</td>
                @for (cell of row.cells; track cell.contentId) {
                  <td
                    [attr.data-downloads]="cell.downloaded?.count ?? 0"
                    [attr.data-previews]="cell.previewed?.count ?? 0"
                  >
                    @if (cell.downloaded; as d) {
                      <div>
                        {{ t('console.transmittals.downloadedAt', { at: (d.firstAt | date: 'short') }) }}
                        @if (d.count > 1) {
                          <span class="muted">{{
                            t('console.transmittals.times', {
                              count: d.count,
                              last: (d.lastAt | date: 'short'),
                            })
                          }}</span>
                        }
                      </div>
                    }
                    @if (cell.previewed; as p) {
                      <div>
                        {{ t('console.transmittals.previewedAt', { at: (p.firstAt | date: 'short') }) }}
                        @if (p.count > 1) {
                          <span class="muted">{{
                            t('console.transmittals.times', {
                              count: p.count,
                              last: (p.lastAt | date: 'short'),
                            })
                          }}</span>
                        }
                      </div>
                    }
                    @if (!cell.downloaded && !cell.previewed) {
                      —
                    }
                  </td>
                }
                <td>{{ row.user.acknowledgedAt ? (row.user.acknowledgedAt | date: 'short') : '—' }}</td>
              </tr>
            } @empty {
              <tr>
                <td [attr.colspan]="m.contents.length + 3" class="muted">
                  {{ t('console.transmittals.noReceipts') }}
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReceiptMatrixComponent {
  readonly receipts = input<TransmittalReceipts | null>(null);
  readonly matrix = computed(() => {
    const receipts = this.receipts();
    return receipts ? buildReceiptMatrix(receipts) : null;
  });
}
