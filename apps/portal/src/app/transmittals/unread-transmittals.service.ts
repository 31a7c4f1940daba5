import { inject, Injectable, signal } from '@angular/core';
import { TransmittalsApi } from './transmittals-api.service';

/** How many transmittals the supplier has not opened yet, for the badge in the navigation. */
@Injectable({ providedIn: 'root' })
export class UnreadTransmittals {
  private readonly api = inject(TransmittalsApi);
  /** Up to one page; `more` says there are further ones (shown as "99+"). */
  readonly count = signal(0);
  readonly more = signal(false);

  /** Called when the shell loads and after a transmittal was opened (which makes it read). */
  async refresh(): Promise<void> {
    try {
      const page = await this.api.inbox({ state: 'unread' }, null, 99);
      this.count.set(page.items.length);
      this.more.set(!!page.nextCursor);
    } catch {
      // The badge is a convenience; the inbox itself shows any failure.
    }
  }
}
