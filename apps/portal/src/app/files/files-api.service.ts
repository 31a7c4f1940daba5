import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../core/api/api-types';
import type { DownloadPolicy } from './download-policy';
import type {
  CompletedPart,
  FileDetail,
  NewFile,
  NewRevision,
  PortalFile,
  Revision,
  StartedRevision,
  UploadPlan,
} from './files.types';

const enc = encodeURIComponent;

/**
 * The files routes, for suppliers and reviewing PMs alike: uploads straight to storage, verified on
 * completion (docs/architecture.md), reviews and the workspace's download policy.
 */
@Injectable({ providedIn: 'root' })
export class FilesApi {
  private readonly http = inject(HttpClient);

  /** `q` searches title and document number; blank lists every file. */
  list(workspaceId: string, cursor?: string | null, q?: string, limit = 50): Promise<Page<PortalFile>> {
    let params = new HttpParams().set('limit', limit);
    if (cursor) params = params.set('cursor', cursor);
    if (q?.trim()) params = params.set('q', q.trim());
    return firstValueFrom(
      this.http.get<Page<PortalFile>>(`/api/v1/workspaces/${enc(workspaceId)}/files`, { params }),
    );
  }

  create(workspaceId: string, body: NewFile): Promise<PortalFile> {
    return firstValueFrom(this.http.post<PortalFile>(`/api/v1/workspaces/${enc(workspaceId)}/files`, body));
  }

  get(id: string): Promise<FileDetail> {
    return firstValueFrom(this.http.get<FileDetail>(`/api/v1/files/${enc(id)}`));
  }

  startRevision(id: string, body: NewRevision): Promise<StartedRevision> {
    return firstValueFrom(this.http.post<StartedRevision>(`/api/v1/files/${enc(id)}/revisions`, body));
  }

  /** Fresh URLs for the parts the storage does not hold yet (to retry or resume). */
  partUrls(id: string, seq: number, partNumbers?: number[]): Promise<UploadPlan> {
    return firstValueFrom(
      this.http.post<UploadPlan>(
        `/api/v1/files/${enc(id)}/revisions/${seq}/parts`,
        partNumbers ? { partNumbers } : {},
      ),
    );
  }

  complete(id: string, seq: number, parts: CompletedPart[]): Promise<Revision> {
    return firstValueFrom(
      this.http.post<Revision>(`/api/v1/files/${enc(id)}/revisions/${seq}/complete`, { parts }),
    );
  }

  abort(id: string, seq: number): Promise<Revision> {
    return firstValueFrom(this.http.delete<Revision>(`/api/v1/files/${enc(id)}/revisions/${seq}/upload`));
  }

  /** Deletes a file that holds no content (no revision, or only rejected ones); its creator or an admin. */
  deleteFile(id: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`/api/v1/files/${enc(id)}`));
  }

  /** A PM's review of a revision. */
  review(
    id: string,
    seq: number,
    reviewState: 'approved' | 'changes_requested',
    note?: string,
  ): Promise<Revision> {
    return firstValueFrom(
      this.http.patch<Revision>(`/api/v1/files/${enc(id)}/revisions/${seq}`, {
        reviewState,
        ...(note ? { note } : {}),
      }),
    );
  }

  /**
   * A storage URL valid for a few minutes; each call is audited as a download. Asked for as JSON:
   * following the API's redirect would carry the bearer token to storage, which refuses two
   * authentication mechanisms. Handed out as part of a transmittal, a watermark shows its number.
   */
  async downloadUrl(id: string, seq: number, inline = false, transmittal?: string): Promise<string> {
    const { url } = await firstValueFrom(
      this.http.get<{ url: string }>(`/api/v1/files/${enc(id)}/revisions/${seq}/download`, {
        headers: { Accept: 'application/json' },
        params: { ...(inline ? { disposition: 'inline' } : {}), ...(transmittal ? { transmittal } : {}) },
      }),
    );
    return url;
  }

  /** How the workspace's files may be downloaded by suppliers. */
  downloadPolicy(workspaceId: string): Promise<DownloadPolicy> {
    return firstValueFrom(
      this.http.get<DownloadPolicy>(`/api/v1/workspaces/${enc(workspaceId)}/download-policy`),
    );
  }

  /** PMs change the policy per file category (audited). */
  saveDownloadPolicy(workspaceId: string, policy: DownloadPolicy): Promise<DownloadPolicy> {
    return firstValueFrom(
      this.http.put<DownloadPolicy>(`/api/v1/workspaces/${enc(workspaceId)}/download-policy`, policy),
    );
  }
}
