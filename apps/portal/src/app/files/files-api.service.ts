import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { Page } from '../core/api/api-types';
import { DownloadPolicy } from './download-policy';
import { FileDetail, PortalFile, Revision, StartedRevision, UploadPlan } from './files.types';

const enc = encodeURIComponent;

/** The files routes: uploads straight to storage, verified on completion (docs/architecture.md). */
@Injectable({ providedIn: 'root' })
export class FilesApi {
  private readonly http = inject(HttpClient);

  /** `q` searches title and document number; blank lists every file. */
  list(workspaceId: string, cursor?: string, q?: string): Observable<Page<PortalFile>> {
    let params = new HttpParams().set('limit', 50);
    if (cursor) params = params.set('cursor', cursor);
    if (q?.trim()) params = params.set('q', q.trim());
    return this.http.get<Page<PortalFile>>(`/api/v1/workspaces/${enc(workspaceId)}/files`, { params });
  }

  create(workspaceId: string, body: { documentNumber: string; title: string }): Observable<PortalFile> {
    return this.http.post<PortalFile>(`/api/v1/workspaces/${enc(workspaceId)}/files`, body);
  }

  get(id: string): Observable<FileDetail> {
    return this.http.get<FileDetail>(`/api/v1/files/${enc(id)}`);
  }

  startRevision(
    id: string,
    body: {
      fileName: string;
      size: number;
      sha256: string;
      partSize?: number;
      partChecksums?: string[];
      label?: string;
    },
  ): Observable<StartedRevision> {
    return this.http.post<StartedRevision>(`/api/v1/files/${enc(id)}/revisions`, body);
  }

  /** Fresh URLs for the parts the storage does not hold yet (to retry or resume). */
  partUrls(id: string, seq: number, partNumbers?: number[]): Observable<UploadPlan> {
    return this.http.post<UploadPlan>(
      `/api/v1/files/${enc(id)}/revisions/${seq}/parts`,
      partNumbers ? { partNumbers } : {},
    );
  }

  complete(id: string, seq: number, parts: { partNumber: number; etag: string }[]): Observable<Revision> {
    return this.http.post<Revision>(`/api/v1/files/${enc(id)}/revisions/${seq}/complete`, { parts });
  }

  abort(id: string, seq: number): Observable<Revision> {
    return this.http.delete<Revision>(`/api/v1/files/${enc(id)}/revisions/${seq}/upload`);
  }

  /** Deletes a file that holds no content (no revision, or only rejected ones); its creator or an admin. */
  deleteFile(id: string): Observable<void> {
    return this.http.delete<void>(`/api/v1/files/${enc(id)}`);
  }

  /** A storage URL valid for a few minutes; each call is audited as a download. */
  downloadUrl(id: string, seq: number, inline = false, transmittal?: string): Observable<{ url: string }> {
    return this.http.get<{ url: string }>(`/api/v1/files/${enc(id)}/revisions/${seq}/download`, {
      headers: { Accept: 'application/json' },
      params: { ...(inline ? { disposition: 'inline' } : {}), ...(transmittal ? { transmittal } : {}) },
    });
  }

  /** How the workspace's files may be downloaded by suppliers. */
  downloadPolicy(workspaceId: string): Observable<DownloadPolicy> {
    return this.http.get<DownloadPolicy>(`/api/v1/workspaces/${enc(workspaceId)}/download-policy`);
  }
}
