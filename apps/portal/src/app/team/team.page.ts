import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoDirective } from '@jsverse/transloco';
import type { ProblemDetails } from '../core/api/api-types';
import { AuthService } from '../core/auth/auth.service';
import { fileSize } from '../files/file-size';
import { OrganizationsApi } from './organizations-api.service';
import type { OrgUser, StorageUsage, SupplierRole } from './organizations.types';

/** A supplier admin's own organisation: invite people, change their role, disable or re-enable them. */
@Component({
  selector: 'app-team-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    TranslocoDirective,
  ],
  templateUrl: './team.page.html',
  styleUrl: './team.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamPage {
  private readonly api = inject(OrganizationsApi);
  private readonly auth = inject(AuthService);
  readonly me = this.auth.user;
  readonly orgId = computed(() => this.me()?.orgId ?? '');
  readonly users = signal<OrgUser[]>([]);
  /** The organisation's storage against its quota; null until loaded (or when it cannot be). */
  readonly storage = signal<StorageUsage | null>(null);
  readonly storagePercent = computed(() => {
    const usage = this.storage();
    return usage && usage.quotaBytes > 0
      ? Math.min(100, Math.round((usage.usedBytes / usage.quotaBytes) * 100))
      : null;
  });
  readonly fileSize = fileSize;
  readonly nextCursor = signal<string | null>(null);
  readonly message = signal<{ kind: 'ok' | 'error'; text: string } | null>(null);
  readonly roles: SupplierRole[] = ['supplier_member', 'supplier_admin'];
  readonly invite = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    role: ['supplier_member' as SupplierRole],
  });

  constructor() {
    void this.load();
    void this.loadStorage();
  }

  async loadStorage(): Promise<void> {
    try {
      this.storage.set(await this.api.storage(this.orgId()));
    } catch {
      // The panel is informative only: the team page works without it.
      this.storage.set(null);
    }
  }

  async load(cursor?: string): Promise<void> {
    try {
      const page = await this.api.members(this.orgId(), cursor, 100);
      this.users.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      this.fail(error);
    }
  }

  async submitInvite(): Promise<void> {
    if (this.invite.invalid) {
      this.invite.markAllAsTouched();
      return;
    }
    const { email, role } = this.invite.getRawValue();
    if (await this.sendInvite(email.trim(), role)) this.invite.reset({ email: '', role: 'supplier_member' });
  }

  /** A new invitation replaces the pending one, so resending is inviting again. */
  resend(user: OrgUser): Promise<boolean> {
    return this.sendInvite(user.email, user.role === 'supplier_admin' ? 'supplier_admin' : 'supplier_member');
  }

  private async sendInvite(email: string, role: SupplierRole): Promise<boolean> {
    try {
      await this.api.invite(this.orgId(), email, role);
      this.message.set({ kind: 'ok', text: email });
      await this.load();
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  async update(user: OrgUser, patch: { role?: SupplierRole; status?: 'active' | 'disabled' }): Promise<void> {
    try {
      const updated = await this.api.updateUser(user.id, patch);
      this.users.update((list) => list.map((u) => (u.id === user.id ? updated : u)));
      this.message.set(null);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const problem = error instanceof HttpErrorResponse ? ((error.error ?? {}) as ProblemDetails) : {};
    this.message.set({ kind: 'error', text: problem.detail ?? problem.title ?? String(error) });
  }
}
