import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../../core/api/api-types';
import type {
  Transmittal,
  TransmittalInput,
  TransmittalReceipts,
  TransmittalSettings,
  TransmittalSettingsInput,
  TransmittalStatus,
  TransmittalSummary,
} from '../../transmittals/transmittals.types';
import { pageParams } from '../../core/api/page-params';

const enc = encodeURIComponent;
const one = (id: string) => `/api/v1/transmittals/${enc(id)}`;
const ws = (id: string) => `/api/v1/workspaces/${enc(id)}`;

/** The PM's side of the transmittal routes: drafts, issuing, receipts, settings, overdue ones. */
@Injectable({ providedIn: 'root' })
export class TransmittalsApi {
  private readonly http = inject(HttpClient);

  list(
    workspaceId: string,
    status?: TransmittalStatus | null,
    cursor?: string | null,
    limit = 50,
  ): Promise<Page<TransmittalSummary>> {
    let params = pageParams(cursor, limit);
    if (status) params = params.set('status', status);
    return firstValueFrom(
      this.http.get<Page<TransmittalSummary>>(`${ws(workspaceId)}/transmittals`, { params }),
    );
  }

  get(id: string): Promise<Transmittal> {
    return firstValueFrom(this.http.get<Transmittal>(one(id)));
  }

  create(workspaceId: string, body: TransmittalInput): Promise<Transmittal> {
    return firstValueFrom(this.http.post<Transmittal>(`${ws(workspaceId)}/transmittals`, body));
  }

  update(id: string, body: Partial<TransmittalInput>): Promise<Transmittal> {
    return firstValueFrom(this.http.patch<Transmittal>(one(id), body));
  }

  remove(id: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(one(id)));
  }

  issue(id: string): Promise<Transmittal> {
    return firstValueFrom(this.http.post<Transmittal>(`${one(id)}/issue`, {}));
  }

  receipts(id: string): Promise<TransmittalReceipts> {
    return firstValueFrom(this.http.get<TransmittalReceipts>(`${one(id)}/receipts`));
  }

  settings(workspaceId: string): Promise<TransmittalSettings> {
    return firstValueFrom(this.http.get<TransmittalSettings>(`${ws(workspaceId)}/transmittal-settings`));
  }

  saveSettings(workspaceId: string, body: TransmittalSettingsInput): Promise<TransmittalSettings> {
    return firstValueFrom(
      this.http.put<TransmittalSettings>(`${ws(workspaceId)}/transmittal-settings`, body),
    );
  }

  overdue(cursor?: string | null, limit = 20): Promise<Page<TransmittalSummary>> {
    return firstValueFrom(
      this.http.get<Page<TransmittalSummary>>('/api/v1/transmittals/overdue', {
        params: pageParams(cursor, limit),
      }),
    );
  }
}
