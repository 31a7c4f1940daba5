import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { ProblemDetails } from '../core/api/api-types';
import { safeReturnUrl } from '../core/auth/auth.guards';
import { AuthService } from '../core/auth/auth.service';

type LoginError = 'invalid' | 'locked' | 'rateLimited' | 'totp' | 'network' | 'unknown';

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
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** Where to go after signing in (query parameter, bound by the router). */
  readonly returnUrl = input<string>();
  /** Set by the API when a Feishu sign-in came back refused (e.g. no Portico account for that person). */
  readonly error = input<string>();
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
    if (error.status === 401) return 'invalid';
    // A locked account waits out its lock; a rate limit is this network sending too many attempts.
    if (error.status === 423) return 'locked';
    if (error.status === 429) return 'rateLimited';
    return 'unknown';
  }
}
