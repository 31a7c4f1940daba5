import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../core/api/openapi';

/** One entry of `GET changes`. */
export type Change = components['schemas']['ChangeDto'];
export type WhatChanged = components['schemas']['WhatChangedDto'];

/** "What changed since my last visit": the API remembers visits per user, so a reload shows the same. */
@Injectable({ providedIn: 'root' })
export class ChangesApi {
  private readonly http = inject(HttpClient);

  whatChanged(): Promise<WhatChanged> {
    return firstValueFrom(
      this.http.get<WhatChanged>('/api/v1/changes', { params: new HttpParams().set('limit', 50) }),
    );
  }
}
