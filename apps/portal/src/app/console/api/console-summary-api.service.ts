import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../../core/api/openapi';

/** What waits for the PM across the workspaces they manage (`GET /api/v1/console/summary`). */
export type ConsoleSummary = components['schemas']['ConsoleSummaryDto'];

@Injectable({ providedIn: 'root' })
export class ConsoleSummaryApi {
  private readonly http = inject(HttpClient);

  get(): Promise<ConsoleSummary> {
    return firstValueFrom(this.http.get<ConsoleSummary>('/api/v1/console/summary'));
  }
}
