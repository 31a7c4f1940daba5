import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';

/** What waits for the PM across the workspaces they manage (`GET /api/v1/console/summary`). */
export interface ConsoleSummary {
  workspaces: number;
  draftsToPublish: number;
  uploadsToReview: number;
  newDefects: number;
  failedSyncJobs: number;
  unacknowledgedVersions: number;
  accessEndingSoon: number;
  accessEndingWithinDays: number;
}

@Injectable({ providedIn: 'root' })
export class ConsoleSummaryApi {
  private readonly http = inject(HttpClient);

  get(): Promise<ConsoleSummary> {
    return firstValueFrom(this.http.get<ConsoleSummary>('/api/v1/console/summary'));
  }
}
