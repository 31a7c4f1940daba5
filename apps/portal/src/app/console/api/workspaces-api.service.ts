import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../../core/api/api-types';
import type { components } from '../../core/api/openapi';
import type {
  NotificationRule,
  RulePreview,
  RuleStatus,
  Workspace,
  WorkspaceInput,
} from './console-api.types';
import { pageParams } from '../../core/api/page-params';

/** A workspace as the list returns it to internal users: with what waits for its owners. */
export type WorkspaceListEntry = Workspace &
  Pick<components['schemas']['WorkspaceListEntryDto'], 'pendingDrafts' | 'failedSyncJobs'>;

/** Workspace configuration as internal users see it (`/api/v1/workspaces`). */
@Injectable({ providedIn: 'root' })
export class WorkspacesApi {
  private readonly http = inject(HttpClient);

  list(cursor?: string | null, limit = 50): Promise<Page<WorkspaceListEntry>> {
    return firstValueFrom(
      this.http.get<Page<WorkspaceListEntry>>('/api/v1/workspaces', { params: pageParams(cursor, limit) }),
    );
  }

  /** Every workspace the caller may read; bounded so a broken cursor cannot loop forever. */
  async listAll(): Promise<WorkspaceListEntry[]> {
    const all: WorkspaceListEntry[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i += 1) {
      const page = await this.list(cursor, 100);
      all.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return all;
  }

  get(id: string): Promise<Workspace> {
    return firstValueFrom(this.http.get<Workspace>(`/api/v1/workspaces/${encodeURIComponent(id)}`));
  }

  create(input: WorkspaceInput): Promise<Workspace> {
    return firstValueFrom(this.http.post<Workspace>('/api/v1/workspaces', input));
  }

  update(id: string, input: Partial<WorkspaceInput>): Promise<Workspace> {
    return firstValueFrom(this.http.patch<Workspace>(`/api/v1/workspaces/${encodeURIComponent(id)}`, input));
  }

  /** What each saved rule's last group message mentioned, and why not the others. */
  async ruleStatus(id: string): Promise<RuleStatus[]> {
    const url = `/api/v1/workspaces/${encodeURIComponent(id)}/notification-rules/status`;
    return (await firstValueFrom(this.http.get<{ items: RuleStatus[] }>(url))).items;
  }

  previewRule(id: string, rule: NotificationRule): Promise<RulePreview> {
    const url = `/api/v1/workspaces/${encodeURIComponent(id)}/notification-rules/preview`;
    return firstValueFrom(this.http.post<RulePreview>(url, { rule }));
  }

  /** Posts the rule's example message to the workspace's groups (the API allows one per 30 s). */
  testRule(id: string, rule: NotificationRule): Promise<{ queued: string[] }> {
    const url = `/api/v1/workspaces/${encodeURIComponent(id)}/notification-rules/test`;
    return firstValueFrom(this.http.post<{ queued: string[] }>(url, { rule }));
  }
}
