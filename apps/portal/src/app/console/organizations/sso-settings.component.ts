import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import type { SsoSettings } from '../api/console-api.types';
import { OrganizationsApi } from '../../team/organizations-api.service';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

/**
 * "Single sign-on" card of a supplier organisation (admins, and the PM owning one of its workspaces):
 * the IdP's issuer, client id and secret (write-only), the email domains it vouches for, and whether
 * unknown people are created and passwords are turned off. The API runs discovery before saving.
 */
@Component({
  selector: 'app-sso-settings',
  imports: [
    ReactiveFormsModule,
    DatePipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSlideToggleModule,
    TranslocoDirective,
    ProblemAlertComponent,
  ],
  template: `
    <section class="card" *transloco="let t">
      <h2>{{ t('console.orgs.sso.title') }}</h2>
      @if (forbidden()) {
        <p class="muted">{{ t('console.orgs.sso.forbidden') }}</p>
      } @else if (settings(); as s) {
        <form [formGroup]="form" (ngSubmit)="save()">
          <p class="muted">{{ t('console.orgs.sso.hint') }}</p>
          <p>
            {{ t('console.orgs.sso.redirectUri') }}: <code>{{ s.redirectUri }}</code>
          </p>
          <div class="fields">
            <mat-form-field>
              <mat-label>{{ t('console.orgs.sso.issuer') }}</mat-label>
              <input matInput formControlName="issuer" type="url" autocomplete="off" />
              <mat-hint>{{ t('console.orgs.sso.issuerHint') }}</mat-hint>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ t('console.orgs.sso.clientId') }}</mat-label>
              <input matInput formControlName="clientId" autocomplete="off" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ t('console.orgs.sso.clientSecret') }}</mat-label>
              <input matInput formControlName="clientSecret" type="password" autocomplete="new-password" />
              <mat-hint>{{
                s.clientSecretSet ? t('console.orgs.sso.secretKept') : t('console.orgs.sso.secretRequired')
              }}</mat-hint>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ t('console.orgs.sso.domains') }}</mat-label>
              <input matInput formControlName="emailDomains" autocomplete="off" />
              <mat-hint>{{ t('console.orgs.sso.domainsHint') }}</mat-hint>
            </mat-form-field>
          </div>
          <div class="toggles">
            <mat-slide-toggle formControlName="createUnknownUsers">{{
              t('console.orgs.sso.createUnknownUsers')
            }}</mat-slide-toggle>
            <mat-slide-toggle formControlName="requireSso">{{
              t('console.orgs.sso.requireSso')
            }}</mat-slide-toggle>
          </div>
          <app-problem-alert [problem]="problem()" />
          <div class="actions">
            <button mat-flat-button type="submit" [disabled]="busy()">{{ t('console.common.save') }}</button>
            @if (s.configured) {
              <button mat-stroked-button type="button" [disabled]="busy()" (click)="remove()">
                {{ t('console.orgs.sso.remove') }}
              </button>
              <span class="muted">{{
                t('console.orgs.sso.updated', { date: (s.updatedAt | date: 'medium') })
              }}</span>
            }
            @if (saved()) {
              <span role="status">{{ t('console.common.saved') }}</span>
            }
          </div>
        </form>
      } @else {
        <app-problem-alert [problem]="problem()" />
      }
    </section>
  `,
  styles: `
    .fields {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));
      gap: 8px 16px;
    }
    .toggles,
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 16px;
      margin: 12px 0;
    }
    code {
      word-break: break-all;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SsoSettingsComponent implements OnInit {
  private readonly api = inject(OrganizationsApi);

  readonly orgId = input.required<string>();
  readonly settings = signal<SsoSettings | null>(null);
  readonly problem = signal<ApiProblem | null>(null);
  readonly forbidden = signal(false);
  readonly busy = signal(false);
  readonly saved = signal(false);

  readonly form = inject(NonNullableFormBuilder).group({
    issuer: ['', [Validators.required, Validators.maxLength(2048)]],
    clientId: ['', [Validators.required, Validators.maxLength(512)]],
    clientSecret: [''],
    emailDomains: ['', Validators.required],
    createUnknownUsers: [false],
    requireSso: [false],
  });

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.show(await this.api.ssoSettings(this.orgId()));
    } catch (error) {
      const problem = toApiProblem(error);
      if (problem.status === 403) this.forbidden.set(true);
      else this.problem.set(problem);
    }
  }

  async save(): Promise<void> {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    await this.run(async () =>
      this.show(
        await this.api.saveSsoSettings(this.orgId(), {
          issuer: value.issuer.trim(),
          clientId: value.clientId.trim(),
          ...(value.clientSecret ? { clientSecret: value.clientSecret } : {}),
          emailDomains: value.emailDomains
            .split(/[\s,;]+/)
            .map((d) => d.trim().toLowerCase())
            .filter(Boolean),
          createUnknownUsers: value.createUnknownUsers,
          requireSso: value.requireSso,
        }),
      ),
    );
  }

  async remove(): Promise<void> {
    await this.run(async () => {
      await this.api.removeSsoSettings(this.orgId());
      this.show(await this.api.ssoSettings(this.orgId()));
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    this.saved.set(false);
    try {
      await action();
      this.saved.set(true);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  private show(settings: SsoSettings): void {
    this.settings.set(settings);
    this.form.reset({
      issuer: settings.issuer ?? '',
      clientId: settings.clientId ?? '',
      clientSecret: '',
      emailDomains: settings.emailDomains.join(', '),
      createUnknownUsers: settings.createUnknownUsers,
      requireSso: settings.requireSso,
    });
  }
}
