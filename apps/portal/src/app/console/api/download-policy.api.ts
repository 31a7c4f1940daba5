import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { DownloadPolicy } from '../../files/download-policy';

const enc = encodeURIComponent;

/** A workspace's download policy per file category (PMs change it; audited). */
@Injectable({ providedIn: 'root' })
export class DownloadPolicyApi {
  private readonly http = inject(HttpClient);

  get(workspaceId: string): Promise<DownloadPolicy> {
    return firstValueFrom(
      this.http.get<DownloadPolicy>(`/api/v1/workspaces/${enc(workspaceId)}/download-policy`),
    );
  }

  save(workspaceId: string, policy: DownloadPolicy): Promise<DownloadPolicy> {
    return firstValueFrom(
      this.http.put<DownloadPolicy>(`/api/v1/workspaces/${enc(workspaceId)}/download-policy`, policy),
    );
  }
}
