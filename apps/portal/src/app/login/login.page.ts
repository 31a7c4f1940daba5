import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { ProblemDetails, SsoDiscovery } from '../core/api/api-types';
import { safeReturnUrl } from '../core/auth/auth.guards';
import { AuthService } from '../core/auth/auth.service';
import { AuthApi } from '../core/auth/auth-api.service';

type LoginError = 'invalid' | 'locked' | 'rateLimited' | 'totp' | 'ssoRequired' | 'network' | 'unknown';

@Component({
  selector: 'app-login-page',
  imports: [
    ReactiveFormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    TranslocoDirective,
    RouterLink,
  ],
  templateUrl: './login.page.html',
  styleUrl: './login.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage implements OnInit {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly api = inject(AuthApi);

  /** Where to go after signing in (query parameter, bound by the router). */
  readonly returnUrl = input<string>();
  /** Set by the API when a Feishu or company-account sign-in came back refused (`feishu_*`, `sso_<reason>`). */
  readonly error = input<string>();
  /** Prefilled from an invitation to an organisation that signs in with its company account. */
  readonly email = input<string>();
  /** Set after a password change or reset, which ends every session. */
  readonly passwordChanged = input<string>();

  readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
    totp: [''],
  });
  readonly submitting = signal(false);
  readonly failure = signal<LoginError | null>(null);
  /** Shown once the API says this account needs a second factor. */
  readonly totpRequired = signal(false);
  /** What `POST auth/sso/discover` said about the typed address (domain-level only). */
  readonly sso = signal<SsoDiscovery | null>(null);
  /** Password sign-in is off for the address: the password field and its links are hidden. */
  readonly ssoOnly = computed(() => this.sso()?.sso === true && this.sso()?.required === true);
  /** Translation key of a refused redirect sign-in, if the API sent one back. */
  readonly redirectError = computed(() => {
    const code = this.error();
    if (!code) return null;
    const reason = /^sso_([a-z_]+)$/.exec(code)?.[1];
    return reason ? `login.errors.sso.${reason}` : 'login.errors.feishu';
  });
  private discovered = '';

  ngOnInit(): void {
    const email = this.email();
    if (email) {
      this.form.controls.email.setValue(email);
      void this.discover();
    }
  }

  /** Asks whether the address's domain signs in with its company account (on leaving the field). */
  async discover(): Promise<void> {
    const email = this.form.controls.email.value.trim().toLowerCase();
    if (this.form.controls.email.invalid || email === this.discovered) return;
    this.discovered = email;
    try {
      const answer = await this.api.discoverSso(email);
      if (this.form.controls.email.value.trim().toLowerCase() !== email) return;
      this.sso.set(answer);
      const password = this.form.controls.password;
      if (answer.sso && answer.required) password.disable();
      else password.enable();
    } catch {
      // Without an answer the password form stays as it is.
      this.sso.set(null);
      this.discovered = '';
    }
  }

  signInWithCompanyAccount(): void {
    this.auth.expectSession();
  }

  async submit(): Promise<void> {
    if (this.form.invalid || this.submitting()) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.failure.set(null);
    const { email, password, totp } = this.form.getRawValue();
    try {
      await this.auth.login({ email: email.trim(), password, ...(totp.trim() ? { totp: totp.trim() } : {}) });
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      this.failure.set(this.classify(error));
    } finally {
      this.submitting.set(false);
    }
  }

  signInWithFeishu(): void {
    this.auth.expectSession();
  }

  private classify(error: unknown): LoginError {
    if (!(error instanceof HttpErrorResponse)) return 'unknown';
    if (error.status === 0) return 'network';
    const problem = (error.error ?? {}) as ProblemDetails;
    const text = `${problem.type ?? ''} ${problem.code ?? ''} ${problem.detail ?? ''}`.toLowerCase();
    if (text.includes('totp') || text.includes('mfa') || problem.errors?.some((e) => e.field === 'totp')) {
      const alreadyAsked = this.totpRequired();
      this.totpRequired.set(true);
      return alreadyAsked ? 'totp' : 'unknown';
    }
    if (problem.type?.includes('sso-required')) {
      void this.discover();
      return 'ssoRequired';
    }
    if (error.status === 401) return 'invalid';
    // A locked account waits out its lock; a rate limit is this network sending too many attempts.
    if (error.status === 423) return 'locked';
    if (error.status === 429) return 'rateLimited';
    return 'unknown';
  }
}
