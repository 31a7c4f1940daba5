import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { Page } from '../core/api/api-types';
import { Comment, Defect, DefectSummary, Severity } from './defects.types';

const enc = encodeURIComponent;

export interface NewDefect {
  title: string;
  description: string;
  severity: Severity;
  stepsToReproduce?: string;
  itemId?: string;
  /** The file revision the report is about. */
  fileRevisionId?: string;
  /** Revisions uploaded as the report's attachments, each at most once. */
  attachmentRevisionIds?: string[];
}

/** The feedback routes: defects and their comment threads (conventions in docs/api.md). */
@Injectable({ providedIn: 'root' })
export class DefectsApi {
  private readonly http = inject(HttpClient);

  list(workspaceId: string, cursor?: string): Observable<Page<DefectSummary>> {
    return this.http.get<Page<DefectSummary>>(`/api/v1/workspaces/${enc(workspaceId)}/defects`, {
      params: cursor ? { limit: 50, cursor } : { limit: 50 },
    });
  }

  report(workspaceId: string, defect: NewDefect): Observable<Defect> {
    return this.http.post<Defect>(`/api/v1/workspaces/${enc(workspaceId)}/defects`, defect);
  }

  get(id: string): Observable<Defect> {
    return this.http.get<Defect>(`/api/v1/defects/${enc(id)}`);
  }

  comments(id: string): Observable<Page<Comment>> {
    return this.http.get<Page<Comment>>(`/api/v1/defects/${enc(id)}/comments`, { params: { limit: 100 } });
  }

  comment(id: string, body: string): Observable<Comment> {
    return this.http.post<Comment>(`/api/v1/defects/${enc(id)}/comments`, { body });
  }
}
