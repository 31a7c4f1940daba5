import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

/** One entry of `GET changes` (ChangeDto of the API). */
export interface Change {
  kind: 'new_item' | 'new_version' | 'defect_status' | 'file_review' | 'order_change';
  at: string;
  workspaceId: string;
  workspaceName: string;
  title: string;
  /** Portal path of the place it happened, e.g. `/defects/<id>`. */
  link: string;
  version?: number;
  unseenVersions?: number;
  /** defect_status: the supplier-facing status; file_review: approved | changes_requested. */
  status?: string;
  note?: string | null;
  /** new_item / new_version: the shared due date, and whether it has passed. */
  dueDate?: string | null;
  overdue?: boolean;
  /** new_version: the shared due date moved since the version the user last opened. */
  dueDateChange?: { from: string | null; to: string | null };
  /** order_change: what Kingdee changed on a purchase order (line), old → new. */
  orderChange?: { field: string; from: string | null; to: string | null };
}

export interface WhatChanged {
  /** The end of the previous visit; null on the first. */
  since: string | null;
  items: Change[];
}

/** "What changed since my last visit": the API remembers visits per user, so a reload shows the same. */
@Injectable({ providedIn: 'root' })
export class ChangesApi {
  private readonly http = inject(HttpClient);

  whatChanged(): Observable<WhatChanged> {
    return this.http.get<WhatChanged>('/api/v1/changes', { params: new HttpParams().set('limit', 50) });
  }
}
