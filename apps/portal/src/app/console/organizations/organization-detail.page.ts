import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import type { AppAbility } from '../../core/auth/ability';
import { AuthService } from '../../core/auth/auth.service';
import { Invitation, Organization, OrgUser, SUPPLIER_ROLES, SupplierRole } from '../api/console-api.types';
import { OrganizationsApi } from '../../team/organizations-api.service';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { MemberIdentitiesComponent } from './member-identities.component';
import { SsoSettingsComponent } from './sso-settings.component';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

/** One supplier organisation: its people and pending invitations, inviting, disabling, MFA. */
@Component({
  selector: 'app-organization-detail-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    DatePipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
    TranslocoDirective,
    ProblemAlertComponent,
    MemberIdentitiesComponent,
    SsoSettingsComponent,
  ],
  template: `
    <section class="page" *transloco="let t">
      <p>
        <a routerLink="/console/organizations">{{ t('console.orgs.back') }}</a>
      </p>
      <app-problem-alert [problem]="problem()" />
      @if (org(); as o) {
        <div class="toolbar">
          <h1 class="page-title">{{ o.name }}</h1>
          <span class="chip" [class.warn]="o.status === 'disabled'">{{
            t('console.status.' + o.status)
          }}</span>
        </div>

        <div class="card">
          <h2>{{ t('console.orgs.access') }}</h2>
          <div class="actions">
            <mat-slide-toggle
              [checked]="o.requireMfa"
              [disabled]="!canRequireMfa() || busy()"
              (change)="update({ requireMfa: $event.checked })"
              >{{ t('console.orgs.requireMfa') }}</mat-slide-toggle
            >
            @if (!canRequireMfa()) {
              <span class="muted">{{ t('console.orgs.mfaAdminOnly') }}</span>
            }
            @if (canRequireMfa() && o.kind === 'supplier') {
              <a mat-stroked-button [routerLink]="['/console/organizations', o.id, 'integrations']">{{
                t('console.orgs.apiTokensLink')
              }}</a>
            }
          </div>
          <div class="actions spaced">
            @if (o.status === 'active') {
              <button
                mat-stroked-button
                type="button"
                [disabled]="busy()"
                (click)="update({ status: 'disabled' })"
              >
                {{ t('console.orgs.disable') }}
              </button>
              <span class="muted">{{ t('console.orgs.disableHint') }}</span>
            } @else {
              <button
                mat-stroked-button
                type="button"
                [disabled]="busy()"
                (click)="update({ status: 'active' })"
              >
                {{ t('console.orgs.enable') }}
              </button>
            }
          </div>
        </div>

        @if (o.kind === 'supplier' && isStaff()) {
          <app-sso-settings [orgId]="o.id" />
        }

        <form class="card" [formGroup]="inviteForm" (ngSubmit)="invite()">
          <h2>{{ t('console.orgs.invite') }}</h2>
          <p class="muted">{{ t('console.orgs.inviteHint') }}</p>
          <div class="form-row">
            <mat-form-field>
              <mat-label>{{ t('console.orgs.email') }}</mat-label>
              <input matInput type="email" formControlName="email" autocomplete="off" />
              @if (inviteForm.controls.email.touched && inviteForm.controls.email.invalid) {
                <mat-error>{{ t('console.errors.email') }}</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ t('console.orgs.role') }}</mat-label>
              <mat-select formControlName="role">
                @for (role of roles; track role) {
                  <mat-option [value]="role">{{ t('console.roles.' + role) }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <button mat-flat-button type="submit" [disabled]="inviting()">
              {{ t('console.orgs.sendInvite') }}
            </button>
          </div>
          <app-problem-alert [problem]="inviteProblem()" />
          @if (invited(); as inv) {
            <p role="status">
              {{ t('console.orgs.invited', { email: inv.email, date: (inv.expiresAt | date: 'medium') }) }}
            </p>
          }
        </form>

        <div class="card">
          <h2>{{ t('console.orgs.members') }}</h2>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{{ t('console.orgs.email') }}</th>
                  <th scope="col">{{ t('console.orgs.displayName') }}</th>
                  <th scope="col">{{ t('console.orgs.role') }}</th>
                  <th scope="col">{{ t('console.orgs.status') }}</th>
                  <th scope="col">{{ t('console.orgs.mfa') }}</th>
                  <th scope="col">
                    <span class="visually-hidden">{{ t('console.common.actions') }}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                @for (m of members(); track m.id) {
                  <tr>
                    <td>{{ m.email }}</td>
                    <td>{{ m.displayName }}</td>
                    <td>{{ t('console.roles.' + m.role) }}</td>
                    <td>
                      <span class="chip" [class.warn]="m.status === 'disabled'">{{
                        t('console.status.' + m.status)
                      }}</span>
                    </td>
                    <td>{{ m.mfaEnabled ? t('console.common.on') : t('console.common.off') }}</td>
                    <td>
                      @if (canChangeUsers() && m.id !== me()?.id) {
                        @if (m.status === 'disabled') {
                          <button
                            mat-button
                            type="button"
                            [disabled]="busy()"
                            (click)="setStatus(m, 'active')"
                            [attr.aria-label]="t('console.orgs.enableUser', { email: m.email })"
                          >
                            {{ t('console.orgs.enable') }}
                          </button>
                        } @else {
                          <button
                            mat-button
                            type="button"
                            [disabled]="busy()"
                            (click)="setStatus(m, 'disabled')"
                            [attr.aria-label]="t('console.orgs.disableUser', { email: m.email })"
                          >
                            {{ t('console.orgs.disable') }}
                          </button>
                        }
                      }
                    </td>
                  </tr>
                } @empty {
                  <tr>
                    <td colspan="6" class="muted">{{ t('console.orgs.noMembers') }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          @if (pendingCount() > 0) {
            <p class="muted">{{ t('console.orgs.pending', { count: pendingCount() }) }}</p>
          }
        </div>
        @if (o.kind === 'internal' && canMapIdentities()) {
          <app-member-identities [members]="activeMembers()" (changed)="replaceMember($event)" />
        }
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrganizationDetailPage implements OnInit {
  private readonly api = inject(OrganizationsApi);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);

  /** Route parameter. */
  readonly id = input.required<string>();

  readonly roles = SUPPLIER_ROLES;
  readonly me = inject(AuthService).user;
  readonly org = signal<Organization | null>(null);
  readonly members = signal<OrgUser[]>([]);
  readonly pendingCount = computed(() => this.members().filter((m) => m.status === 'invited').length);
  readonly problem = signal<ApiProblem | null>(null);
  readonly inviteProblem = signal<ApiProblem | null>(null);
  readonly invited = signal<Invitation | null>(null);
  readonly busy = signal(false);
  readonly inviting = signal(false);

  readonly inviteForm = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    role: ['supplier_admin' as SupplierRole, Validators.required],
  });

  /** Admins and PMs; the API decides which PM (the one owning a workspace of the organisation). */
  readonly isStaff = computed(() => ['admin', 'pm'].includes(this.me()?.role ?? ''));
  readonly canRequireMfa = computed(() => this.abilities.can('update', 'Organization', 'requireMfa'));
  readonly canChangeUsers = computed(() => this.abilities.can('update', 'User', 'status'));
  readonly canMapIdentities = computed(() => this.abilities.can('update', 'User', 'feishuOpenId'));
  readonly activeMembers = computed(() => this.members().filter((m) => m.status === 'active'));

  replaceMember(updated: OrgUser): void {
    this.members.update((list) => list.map((m) => (m.id === updated.id ? updated : m)));
  }

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.problem.set(null);
    try {
      const [org, members] = await Promise.all([this.api.get(this.id()), this.loadAllMembers()]);
      this.org.set(org);
      this.members.set(members);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  async update(changes: { status?: 'active' | 'disabled'; requireMfa?: boolean }): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      this.org.set(await this.api.update(this.id(), changes));
    } catch (error) {
      this.problem.set(toApiProblem(error));
      // The toggle moved on its own; show the state the server kept.
      await this.load();
    } finally {
      this.busy.set(false);
    }
  }

  async setStatus(member: OrgUser, status: 'active' | 'disabled'): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      const updated = await this.api.updateUser(member.id, { status });
      this.members.update((list) => list.map((m) => (m.id === updated.id ? updated : m)));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  async invite(): Promise<void> {
    if (this.inviteForm.invalid || this.inviting()) {
      this.inviteForm.markAllAsTouched();
      return;
    }
    this.inviting.set(true);
    this.inviteProblem.set(null);
    this.invited.set(null);
    const { email, role } = this.inviteForm.getRawValue();
    try {
      this.invited.set(await this.api.invite(this.id(), email.trim(), role));
      this.inviteForm.reset({ email: '', role: 'supplier_member' });
      this.members.set(await this.loadAllMembers());
    } catch (error) {
      this.inviteProblem.set(toApiProblem(error));
    } finally {
      this.inviting.set(false);
    }
  }

  private loadAllMembers(): Promise<OrgUser[]> {
    return this.api.allMembers(this.id());
  }
}
