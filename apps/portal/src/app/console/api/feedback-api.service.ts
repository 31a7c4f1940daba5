import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../../core/api/api-types';
import type { components } from '../../core/api/openapi';
import type { DefectSummary } from './console-api.types';
import { pageParams } from '../../core/api/page-params';

/** A Jira comment of a shared item's issue, as `GET items/:id/jira-comments` lists it for the PM. */
export type JiraComment = components['schemas']['JiraCommentDto'];

/** Filters of `GET /api/v1/defects`; `managed`: only workspaces the caller owns or co-owns. */
export interface DefectFilter {
  workspaceId?: string;
  severity?: DefectSummary['severity'];
  /** Supplier-facing status, exactly as the API stores it. */
  status?: string;
  syncState?: DefectSummary['sync']['state'];
  managed?: boolean;
}

/** Defect reports (`/api/v1/defects`, `/api/v1/workspaces/:id/defects`), and Jira comments of shared items. */
@Injectable({ providedIn: 'root' })
export class FeedbackApi {
  private readonly http = inject(HttpClient);

  /** Defects across the caller's workspaces, newest first. */
  allDefects(filter: DefectFilter, cursor?: string | null, limit = 50): Promise<Page<DefectSummary>> {
    let params = pageParams(cursor, limit);
    if (filter.workspaceId) params = params.set('workspaceId', filter.workspaceId);
    if (filter.severity) params = params.set('severity', filter.severity);
    if (filter.status) params = params.set('status', filter.status);
    if (filter.syncState) params = params.set('syncState', filter.syncState);
    if (filter.managed) params = params.set('managed', 'true');
    return firstValueFrom(this.http.get<Page<DefectSummary>>('/api/v1/defects', { params }));
  }

  jiraComments(itemId: string): Promise<JiraComment[]> {
    return firstValueFrom(
      this.http.get<components['schemas']['JiraCommentListDto']>(
        `/api/v1/items/${encodeURIComponent(itemId)}/jira-comments`,
      ),
    ).then((list) => list.items);
  }

  /** Shows the Jira comment to the supplier in the item's thread; repeating it changes nothing. */
  publishJiraComment(itemId: string, commentId: string): Promise<{ id: string }> {
    return firstValueFrom(
      this.http.post<{ id: string }>(
        `/api/v1/items/${encodeURIComponent(itemId)}/jira-comments/${encodeURIComponent(commentId)}/publish`,
        {},
      ),
    );
  }
}
