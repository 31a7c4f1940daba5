import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../../core/api/api-types';
import type { FileRevision, SharedFile, SharedFileDetail } from './console-api.types';
import { pageParams } from './page-params';

/** Drawings and their revisions as a reviewing PM uses them (`/api/v1/files`). */
@Injectable({ providedIn: 'root' })
export class FilesApi {
  private readonly http = inject(HttpClient);

  list(workspaceId: string, cursor?: string | null, limit = 200): Promise<Page<SharedFile>> {
    return firstValueFrom(
      this.http.get<Page<SharedFile>>(`/api/v1/workspaces/${encodeURIComponent(workspaceId)}/files`, {
        params: pageParams(cursor, limit),
      }),
    );
  }

  get(fileId: string): Promise<SharedFileDetail> {
    return firstValueFrom(this.http.get<SharedFileDetail>(`/api/v1/files/${encodeURIComponent(fileId)}`));
  }

  review(
    fileId: string,
    seq: number,
    reviewState: 'approved' | 'changes_requested',
    note?: string,
  ): Promise<FileRevision> {
    return firstValueFrom(
      this.http.patch<FileRevision>(`/api/v1/files/${encodeURIComponent(fileId)}/revisions/${seq}`, {
        reviewState,
        ...(note ? { note } : {}),
      }),
    );
  }

  /**
   * A storage URL for the revision, valid a few minutes. Asked for as JSON: following the API's
   * redirect would carry the bearer token to storage, which refuses two authentication mechanisms.
   */
  async downloadUrl(fileId: string, seq: number, disposition: 'inline' | 'attachment'): Promise<string> {
    const { url } = await firstValueFrom(
      this.http.get<{ url: string }>(
        `/api/v1/files/${encodeURIComponent(fileId)}/revisions/${seq}/download`,
        {
          params: { disposition },
          headers: { Accept: 'application/json' },
        },
      ),
    );
    return url;
  }
}
