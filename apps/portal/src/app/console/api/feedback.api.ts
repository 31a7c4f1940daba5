import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../../core/api/api-types';
import type { DefectSummary } from './console-api.types';
import { pageParams } from './page-params';

/** A Jira comment of a shared item's issue, as `GET items/:id/jira-comments` lists it for the PM. */
export interface JiraComment {
  id: string;
  author: string;
  createdAt: string | null;
  updatedAt: string | null;
  /** What the supplier would see: sanitised and redacted by the API. */
  html: string;
  restricted: boolean;
  publishedCommentId: string | null;
}

/** Defect reports of a workspace (`/api/v1/workspaces/:id/defects`), and Jira comments of shared items. */
@Injectable({ providedIn: 'root' })
export class FeedbackApi {
  private readonly http = inject(HttpClient);

  defects(workspaceId: string, cursor?: string | null, limit = 100): Promise<Page<DefectSummary>> {
    return firstValueFrom(
      this.http.get<Page<DefectSummary>>(`/api/v1/workspaces/${encodeURIComponent(workspaceId)}/defects`, {
        params: pageParams(cursor, limit),
      }),
    );
  }

  jiraComments(itemId: string): Promise<JiraComment[]> {
    return firstValueFrom(
      this.http.get<{ items: JiraComment[] }>(`/api/v1/items/${encodeURIComponent(itemId)}/jira-comments`),
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
