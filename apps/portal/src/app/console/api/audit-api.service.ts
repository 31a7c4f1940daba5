import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../../core/api/api-types';
import type { AuditEvent, AuditFilter } from './console-api.types';
import { pageParams } from '../../core/api/page-params';

/** The audit log (`/api/v1/audit-events`): admins see everything, PMs their workspaces. */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  list(filter: AuditFilter, cursor?: string | null, limit = 50): Promise<Page<AuditEvent>> {
    return firstValueFrom(
      this.http.get<Page<AuditEvent>>('/api/v1/audit-events', {
        params: withFilter(pageParams(cursor, limit), filter),
      }),
    );
  }

  /**
   * The CSV export as a file. Fetched with the bearer token (a plain link would carry none) and
   * handed to the browser as a download; the API neutralises formula-like cells.
   */
  async exportCsv(filter: AuditFilter): Promise<{ blob: Blob; fileName: string }> {
    const response = await firstValueFrom(
      this.http.get('/api/v1/audit-events/export.csv', {
        params: withFilter(new HttpParams(), filter),
        responseType: 'blob',
        observe: 'response',
      }),
    );
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'portico-audit.csv';
    return { blob: response.body ?? new Blob([], { type: 'text/csv' }), fileName };
  }
}

function withFilter(params: HttpParams, filter: AuditFilter): HttpParams {
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === 'string' && value !== '') params = params.set(key, value);
  }
  return params;
}
