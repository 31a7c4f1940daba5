import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../core/api/api-types';
import type { Comment, Defect, DefectSummary, NewDefect } from './defects.types';

const enc = encodeURIComponent;

/** The feedback routes suppliers use: defects and their comment threads (conventions in docs/api.md). */
@Injectable({ providedIn: 'root' })
export class DefectsApi {
  private readonly http = inject(HttpClient);

  list(workspaceId: string, cursor?: string): Promise<Page<DefectSummary>> {
    return firstValueFrom(
      this.http.get<Page<DefectSummary>>(`/api/v1/workspaces/${enc(workspaceId)}/defects`, {
        params: cursor ? { limit: 50, cursor } : { limit: 50 },
      }),
    );
  }

  report(workspaceId: string, defect: NewDefect): Promise<Defect> {
    return firstValueFrom(this.http.post<Defect>(`/api/v1/workspaces/${enc(workspaceId)}/defects`, defect));
  }

  get(id: string): Promise<Defect> {
    return firstValueFrom(this.http.get<Defect>(`/api/v1/defects/${enc(id)}`));
  }

  comments(id: string): Promise<Page<Comment>> {
    return firstValueFrom(
      this.http.get<Page<Comment>>(`/api/v1/defects/${enc(id)}/comments`, { params: { limit: 100 } }),
    );
  }

  comment(id: string, body: string): Promise<Comment> {
    return firstValueFrom(this.http.post<Comment>(`/api/v1/defects/${enc(id)}/comments`, { body }));
  }
}
