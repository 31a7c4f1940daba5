import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../../core/api/api-types';
import type { ConnectorsStatus, SyncJob, SyncJobState } from './console-api.types';
import { pageParams } from '../../core/api/page-params';

/** The outbound sync queue and connector status (`/api/v1/sync`). */
@Injectable({ providedIn: 'root' })
export class OperationsApi {
  private readonly http = inject(HttpClient);

  jobs(state: SyncJobState, cursor?: string | null, limit = 50): Promise<Page<SyncJob>> {
    return firstValueFrom(
      this.http.get<Page<SyncJob>>('/api/v1/sync/jobs', {
        params: pageParams(cursor, limit).set('state', state),
      }),
    );
  }

  /** Re-drives a dead-lettered job; the answer names the fresh job in its original queue. */
  retry(id: string): Promise<{ id: string; queue: string }> {
    return firstValueFrom(
      this.http.post<{ id: string; queue: string }>(`/api/v1/sync/jobs/${encodeURIComponent(id)}/retry`, {}),
    );
  }

  /** Makes one live call per configured connector, so it takes as long as the slowest answers. */
  connectors(): Promise<ConnectorsStatus> {
    return firstValueFrom(this.http.get<ConnectorsStatus>('/api/v1/connectors/status'));
  }
}
