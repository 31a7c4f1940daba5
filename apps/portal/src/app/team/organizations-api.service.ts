import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Page } from '../core/api/api-types';
import { pageParams } from '../core/api/page-params';
import type {
  Invitation,
  Organization,
  OrgUser,
  SaveSsoSettings,
  SsoSettings,
  StorageUsage,
  SupplierRole,
  UpdateOrganization,
  UserChanges,
} from './organizations.types';

/** Supplier organisations, their people and invitations (`/api/v1/organizations`, `/api/v1/users`). */
export const MENTION_IDENTITY_FIELDS = [
  'feishuOpenId',
  'dingtalkUserId',
  'dingtalkMobile',
  'jiraAccountId',
] as const;
export type MentionIdentities = Pick<UserChanges, (typeof MENTION_IDENTITY_FIELDS)[number]>;

@Injectable({ providedIn: 'root' })
export class OrganizationsApi {
  private readonly http = inject(HttpClient);

  list(cursor?: string | null, limit = 50): Promise<Page<Organization>> {
    return firstValueFrom(
      this.http.get<Page<Organization>>('/api/v1/organizations', { params: pageParams(cursor, limit) }),
    );
  }

  /** Every supplier organisation, for names and pickers. */
  async listAllSuppliers(): Promise<Organization[]> {
    return (await this.listAll()).filter((o) => o.kind === 'supplier');
  }

  /** Every organisation the caller may read; bounded so a broken cursor cannot loop forever. */
  async listAll(): Promise<Organization[]> {
    const all: Organization[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 25; i += 1) {
      const page = await this.list(cursor, 200);
      all.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return all;
  }

  /** Every member of one organisation (organisations are small; bounded like listAll). */
  async allMembers(id: string): Promise<OrgUser[]> {
    const all: OrgUser[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i += 1) {
      const page = await this.members(id, cursor, 200);
      all.push(...page.items);
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

  members(id: string, cursor?: string | null, limit = 200): Promise<Page<OrgUser>> {
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

  /** Role, status, or (admins) the identities trigger rules @-mention an internal user by; null clears one. */
  updateUser(userId: string, changes: UserChanges): Promise<OrgUser> {
    return firstValueFrom(this.http.patch<OrgUser>(`/api/v1/users/${encodeURIComponent(userId)}`, changes));
  }

  /** What the organisation's files take in storage, against its quota. */
  storage(id: string): Promise<StorageUsage> {
    return firstValueFrom(
      this.http.get<StorageUsage>(`/api/v1/organizations/${encodeURIComponent(id)}/storage`),
    );
  }

  /** Single sign-on settings (`GET /api/v1/organizations/{id}/sso`); the client secret never comes back. */
  ssoSettings(id: string): Promise<SsoSettings> {
    return firstValueFrom(this.http.get<SsoSettings>(`/api/v1/organizations/${id}/sso`));
  }

  saveSsoSettings(id: string, settings: SaveSsoSettings): Promise<SsoSettings> {
    return firstValueFrom(this.http.put<SsoSettings>(`/api/v1/organizations/${id}/sso`, settings));
  }

  async removeSsoSettings(id: string): Promise<void> {
    await firstValueFrom(this.http.delete<void>(`/api/v1/organizations/${id}/sso`));
  }
}
