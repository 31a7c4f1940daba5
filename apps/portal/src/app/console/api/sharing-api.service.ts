import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../../core/api/api-types';
import type {
  Acknowledgement,
  ItemDraft,
  ItemSnapshot,
  ItemVersionSummary,
  SharedItem,
  ShareableField,
  SharedItemDetail,
  SourceEntry,
  SourceType,
} from './console-api.types';
import { pageParams } from '../../core/api/page-params';

const ws = (id: string) => `/api/v1/workspaces/${encodeURIComponent(id)}`;
const item = (id: string) => `/api/v1/items/${encodeURIComponent(id)}`;

/** Choosing, previewing and publishing what a supplier sees (`/api/v1/workspaces/:id/sources|items`, `/api/v1/items`). */
@Injectable({ providedIn: 'root' })
export class SharingApi {
  private readonly http = inject(HttpClient);

  /** Issues matching `(workspace scope) AND (jql)`. */
  jiraIssues(
    workspaceId: string,
    jql: string,
    cursor?: string | null,
    limit = 50,
  ): Promise<Page<SourceEntry>> {
    let params = pageParams(cursor, limit);
    if (jql.trim()) params = params.set('jql', jql.trim());
    return firstValueFrom(this.http.get<Page<SourceEntry>>(`${ws(workspaceId)}/sources/jira`, { params }));
  }

  /** The fields that exist in the workspace's Jira and can be shared, with Jira's id and name. */
  jiraFields(workspaceId: string): Promise<ShareableField[]> {
    return firstValueFrom(this.http.get<ShareableField[]>(`${ws(workspaceId)}/sources/jira/fields`));
  }

  feishuDocuments(workspaceId: string, cursor?: string | null, limit = 50): Promise<Page<SourceEntry>> {
    return firstValueFrom(
      this.http.get<Page<SourceEntry>>(`${ws(workspaceId)}/sources/feishu`, {
        params: pageParams(cursor, limit),
      }),
    );
  }

  items(workspaceId: string, cursor?: string | null, limit = 100): Promise<Page<SharedItem>> {
    return firstValueFrom(
      this.http.get<Page<SharedItem>>(`${ws(workspaceId)}/items`, { params: pageParams(cursor, limit) }),
    );
  }

  share(
    workspaceId: string,
    sourceType: SourceType,
    sourceRef: string,
    fields: string[],
  ): Promise<SharedItem> {
    return firstValueFrom(
      this.http.post<SharedItem>(`${ws(workspaceId)}/items`, { sourceType, sourceRef, fields }),
    );
  }

  get(id: string): Promise<SharedItemDetail> {
    return firstValueFrom(this.http.get<SharedItemDetail>(item(id)));
  }

  updateFields(id: string, fields: string[]): Promise<SharedItem> {
    return firstValueFrom(this.http.patch<SharedItem>(item(id), { fields }));
  }

  withdraw(id: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(item(id)));
  }

  /** Exactly what the supplier would see if published now. */
  preview(id: string): Promise<ItemSnapshot> {
    return firstValueFrom(this.http.get<ItemSnapshot>(`${item(id)}/preview`));
  }

  publish(id: string, note: string): Promise<ItemVersionSummary> {
    return firstValueFrom(
      this.http.post<ItemVersionSummary>(`${item(id)}/publish`, note.trim() ? { note: note.trim() } : {}),
    );
  }

  versions(id: string): Promise<Page<ItemVersionSummary>> {
    return firstValueFrom(
      this.http.get<Page<ItemVersionSummary>>(`${item(id)}/versions`, { params: pageParams(null, 100) }),
    );
  }

  draft(id: string): Promise<ItemDraft> {
    return firstValueFrom(this.http.get<ItemDraft>(`${item(id)}/draft`));
  }

  /** Drops the pending draft; the published versions stay as they are. */
  discardDraft(id: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`${item(id)}/draft`));
  }

  acknowledgements(id: string): Promise<Acknowledgement[]> {
    return firstValueFrom(this.http.get<Acknowledgement[]>(`${item(id)}/acknowledgements`));
  }
}
