import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../../core/api/api-types';
import { pageParams } from './page-params';
import type {
  Invitation,
  Organization,
  OrgUser,
  SupplierRole,
  UpdateOrganization,
} from './console-api.types';

/** Supplier organisations, their people and invitations (`/api/v1/organizations`, `/api/v1/users`). */
@Injectable({ providedIn: 'root' })
export class OrganizationsApi {
  private readonly http = inject(HttpClient);

  list(cursor?: string | null, limit = 50): Promise<Page<Organization>> {
    return firstValueFrom(
      this.http.get<Page<Organization>>('/api/v1/organizations', { params: pageParams(cursor, limit) }),
    );
  }

  /** Every supplier organisation, for names and pickers; bounded so a broken cursor cannot loop forever. */
  async listAllSuppliers(): Promise<Organization[]> {
    const all: Organization[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 25; i += 1) {
      const page = await this.list(cursor, 200);
      all.push(...page.items.filter((o) => o.kind === 'supplier'));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return all;
  }

  get(id: string): Promise<Organization> {
    return firstValueFrom(this.http.get<Organization>(`/api/v1/organizations/${encodeURIComponent(id)}`));
  }

  create(name: string): Promise<Organization> {
    return firstValueFrom(this.http.post<Organization>('/api/v1/organizations', { name }));
  }

  update(id: string, changes: UpdateOrganization): Promise<Organization> {
    return firstValueFrom(
      this.http.patch<Organization>(`/api/v1/organizations/${encodeURIComponent(id)}`, changes),
    );
  }

  members(id: string, cursor?: string | null, limit = 100): Promise<Page<OrgUser>> {
    return firstValueFrom(
      this.http.get<Page<OrgUser>>(`/api/v1/organizations/${encodeURIComponent(id)}/users`, {
        params: pageParams(cursor, limit),
      }),
    );
  }

  invite(id: string, email: string, role: SupplierRole): Promise<Invitation> {
    return firstValueFrom(
      this.http.post<Invitation>(`/api/v1/organizations/${encodeURIComponent(id)}/invitations`, {
        email,
        role,
      }),
    );
  }

  setUserStatus(userId: string, status: 'active' | 'disabled'): Promise<OrgUser> {
    return firstValueFrom(
      this.http.patch<OrgUser>(`/api/v1/users/${encodeURIComponent(userId)}`, { status }),
    );
  }
}
