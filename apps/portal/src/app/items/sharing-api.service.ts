import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page, SupplierWorkspace } from '../core/api/api-types';
import type {
  ItemComment,
  ItemDetail,
  ItemDiff,
  ItemFilters,
  SharedItem,
  Version,
  VersionSummary,
} from './sharing.types';

/** The workspaces and sharing routes suppliers use (the OpenAPI document; docs/api.md for conventions). */
@Injectable({ providedIn: 'root' })
export class SharingApi {
  private readonly http = inject(HttpClient);

  workspaces(cursor?: string): Promise<Page<SupplierWorkspace>> {
    return firstValueFrom(
      this.http.get<Page<SupplierWorkspace>>('/api/v1/workspaces', { params: page(cursor) }),
    );
  }

  workspace(id: string): Promise<SupplierWorkspace> {
    return firstValueFrom(this.http.get<SupplierWorkspace>(`/api/v1/workspaces/${encodeURIComponent(id)}`));
  }

  items(workspaceId: string, filters: ItemFilters = {}, cursor?: string): Promise<Page<SharedItem>> {
    let params = page(cursor);
    if (filters.type) params = params.set('type', filters.type);
    if (filters.status?.trim()) params = params.set('status', filters.status.trim());
    if (filters.q?.trim()) params = params.set('q', filters.q.trim());
    if (filters.updatedSince) params = params.set('updatedSince', filters.updatedSince);
    if (filters.unseen) params = params.set('unseen', 'true');
    if (filters.sort === 'dueDate') params = params.set('sort', 'dueDate');
    if (filters.due === 'overdue') params = params.set('overdue', 'true');
    else if (filters.due) params = params.set('dueWithinDays', filters.due);
    return firstValueFrom(
      this.http.get<Page<SharedItem>>(`/api/v1/workspaces/${encodeURIComponent(workspaceId)}/items`, {
        params,
      }),
    );
  }

  /**
   * The workspace's items with a shared due date, earliest first, for the schedule: pages of the
   * due-date order until the first undated item (they sort last) or `max` items.
   */
  async scheduled(workspaceId: string, max = 500): Promise<SharedItem[]> {
    const dated: SharedItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.items(workspaceId, { sort: 'dueDate' }, cursor);
      for (const item of page.items) {
        if (!item.dueDate) return dated;
        dated.push(item);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor && dated.length < max);
    return dated.slice(0, max);
  }

  item(id: string): Promise<ItemDetail> {
    return firstValueFrom(this.http.get<ItemDetail>(`/api/v1/items/${encodeURIComponent(id)}`));
  }

  versions(id: string, cursor?: string): Promise<Page<VersionSummary>> {
    return firstValueFrom(
      this.http.get<Page<VersionSummary>>(`/api/v1/items/${encodeURIComponent(id)}/versions`, {
        params: page(cursor),
      }),
    );
  }

  /** Opening a version marks it seen for the caller. */
  version(id: string, n: number): Promise<Version> {
    return firstValueFrom(this.http.get<Version>(`/api/v1/items/${encodeURIComponent(id)}/versions/${n}`));
  }

  diff(id: string, from: number, to: number): Promise<ItemDiff> {
    return firstValueFrom(
      this.http.get<ItemDiff>(`/api/v1/items/${encodeURIComponent(id)}/diff`, {
        params: new HttpParams().set('from', from).set('to', to),
      }),
    );
  }

  /**
   * An attachment of the item's latest version, streamed by the API from the source. Fetched with the
   * caller's token: a plain link would carry none. Handed out as part of a transmittal, it may be of the
   * version the transmittal lists, and a watermark shows its number.
   */
  attachment(
    id: string,
    attachmentId: string,
    from: { transmittal?: string; version?: number } = {},
  ): Promise<Blob> {
    const params: Record<string, string> = {};
    if (from.transmittal) params['transmittal'] = from.transmittal;
    if (from.version) params['version'] = String(from.version);
    return firstValueFrom(
      this.http.get(
        `/api/v1/items/${encodeURIComponent(id)}/attachments/${encodeURIComponent(attachmentId)}`,
        { responseType: 'blob', params },
      ),
    );
  }

  acknowledge(id: string, n: number): Promise<unknown> {
    return firstValueFrom(
      this.http.post(`/api/v1/items/${encodeURIComponent(id)}/versions/${n}/acknowledgements`, {}),
    );
  }

  /** The item's comment thread, oldest first, one page at a time. */
  comments(id: string, cursor?: string): Promise<Page<ItemComment>> {
    return firstValueFrom(
      this.http.get<Page<ItemComment>>(`/api/v1/items/${encodeURIComponent(id)}/comments`, {
        params: page(cursor),
      }),
    );
  }

  /** Posts a public comment; on a Jira item it is delivered to the issue by the sync queue. */
  addComment(id: string, body: string): Promise<ItemComment> {
    return firstValueFrom(
      this.http.post<ItemComment>(`/api/v1/items/${encodeURIComponent(id)}/comments`, { body }),
    );
  }
}

function page(cursor?: string): HttpParams {
  const params = new HttpParams().set('limit', 50);
  return cursor ? params.set('cursor', cursor) : params;
}
