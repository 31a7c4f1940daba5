import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../core/api/openapi';

type Schemas = components['schemas'];
export type PortalNotification = Schemas['NotificationDto'];
export type NotificationPage = Schemas['NotificationPageDto'];
export type MarkedRead = Schemas['MarkedReadDto'];

/** The caller's in-app notifications (`/api/v1/notifications`). */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  latest(limit = 10): Promise<NotificationPage> {
    return firstValueFrom(this.http.get<NotificationPage>('/api/v1/notifications', { params: { limit } }));
  }

  markRead(id: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`/api/v1/notifications/${encodeURIComponent(id)}/read`, {}));
  }

  markAllRead(): Promise<MarkedRead> {
    return firstValueFrom(this.http.post<MarkedRead>('/api/v1/notifications/read-all', {}));
  }
}
