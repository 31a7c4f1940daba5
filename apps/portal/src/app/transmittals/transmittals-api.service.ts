import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../core/api/api-types';
import type { components } from '../core/api/openapi';
import type {
  Responders,
  Transmittal,
  TransmittalResponseInput,
  TransmittalSettings,
  TransmittalSummary,
} from './transmittals.types';
import type { InboxTab } from './transmittals';

const enc = encodeURIComponent;

export type OrgMember = components['schemas']['UserDto'];

/** Filters of the supplier's inbox (`GET /api/v1/transmittals`). */
export interface InboxFilter {
  state: InboxTab;
  workspaceId?: string;
}

/** The supplier's side of the transmittal routes (apps/api/src/transmittals). */
@Injectable({ providedIn: 'root' })
export class TransmittalsApi {
  private readonly http = inject(HttpClient);

  inbox(filter: InboxFilter, cursor?: string | null, limit = 50): Promise<Page<TransmittalSummary>> {
    let params = new HttpParams().set('limit', limit);
    if (cursor) params = params.set('cursor', cursor);
    if (filter.state !== 'all') params = params.set('state', filter.state);
    if (filter.workspaceId) params = params.set('workspaceId', filter.workspaceId);
    return firstValueFrom(this.http.get<Page<TransmittalSummary>>('/api/v1/transmittals', { params }));
  }

  /** The first open is recorded by the API as this user's receipt. */
  get(id: string): Promise<Transmittal> {
    return firstValueFrom(this.http.get<Transmittal>(`/api/v1/transmittals/${enc(id)}`));
  }

  acknowledge(id: string): Promise<Transmittal> {
    return firstValueFrom(this.http.post<Transmittal>(`/api/v1/transmittals/${enc(id)}/acknowledge`, {}));
  }

  receipt(id: string, contentId: string, action: 'downloaded' | 'previewed'): Promise<void> {
    return firstValueFrom(
      this.http.post<void>(`/api/v1/transmittals/${enc(id)}/contents/${enc(contentId)}/receipts`, { action }),
    );
  }

  respond(id: string, body: TransmittalResponseInput): Promise<Transmittal> {
    return firstValueFrom(this.http.post<Transmittal>(`/api/v1/transmittals/${enc(id)}/response`, body));
  }

  responders(id: string): Promise<Responders> {
    return firstValueFrom(this.http.get<Responders>(`/api/v1/transmittals/${enc(id)}/responders`));
  }

  setResponders(id: string, userIds: string[]): Promise<Responders> {
    return firstValueFrom(
      this.http.put<Responders>(`/api/v1/transmittals/${enc(id)}/responders`, { userIds }),
    );
  }

  /** The workspace's purpose labels and review codes. */
  settings(workspaceId: string): Promise<TransmittalSettings> {
    return firstValueFrom(
      this.http.get<TransmittalSettings>(`/api/v1/workspaces/${enc(workspaceId)}/transmittal-settings`),
    );
  }

  /**
   * A storage URL for the file revision, valid a few minutes (asked for as JSON, see FilesApi), handed
   * out as part of the transmittal: a watermark shows its number.
   */
  async downloadUrl(fileId: string, seq: number, transmittalId: string): Promise<string> {
    const { url } = await firstValueFrom(
      this.http.get<{ url: string }>(`/api/v1/files/${enc(fileId)}/revisions/${seq}/download`, {
        headers: { Accept: 'application/json' },
        params: { transmittal: transmittalId },
      }),
    );
    return url;
  }

  /** The supplier admin's organisation members, to name who may respond. */
  members(orgId: string): Promise<Page<OrgMember>> {
    return firstValueFrom(
      this.http.get<Page<OrgMember>>(`/api/v1/organizations/${enc(orgId)}/users`, { params: { limit: 100 } }),
    );
  }
}
