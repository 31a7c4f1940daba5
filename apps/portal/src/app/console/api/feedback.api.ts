import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../../core/api/api-types';
import type { DefectSummary } from './console-api.types';
import { pageParams } from './page-params';

/** Defect reports of a workspace (`/api/v1/workspaces/:id/defects`). */
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
}
