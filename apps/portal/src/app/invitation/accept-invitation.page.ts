import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { AuthService } from '../core/auth/auth.service';
import { newPasswordValidators, passwordsMatch } from '../password/new-password';
import { PasswordStrengthComponent } from '../password/password-strength.component';
import { fieldProblem } from '../password/problem-messages';
import { AuthApi } from '../core/auth/auth-api.service';

/** Target of the emailed invitation link: /invitations/<token>. Sets name and password, then signs in. */
@Component({
  selector: 'app-accept-invitation-page',
  imports: [
    ReactiveFormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    RouterLink,
    TranslocoDirective,
    PasswordStrengthComponent,
  ],
  templateUrl: './accept-invitation.page.html',
  styleUrl: '../password/password-pages.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AcceptInvitationPage {
  private readonly api = inject(AuthApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  readonly token = input.required<string>();
  readonly form = inject(NonNullableFormBuilder).group(
    {
      displayName: ['', [Validators.required, Validators.maxLength(120)]],
      password: ['', newPasswordValidators],
      confirm: [''],
    },
    { validators: passwordsMatch },
  );
  readonly password = toSignal(this.form.controls.password.valueChanges, { initialValue: '' });
  readonly busy = signal(false);
  readonly accepted = signal(false);
  readonly linkInvalid = signal(false);
  readonly apiMessage = signal<string | undefined>(undefined);

  async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.apiMessage.set(undefined);
    const { displayName, password } = this.form.getRawValue();
    try {
      const response = await this.api.acceptInvitation(this.token(), {
        displayName: displayName.trim(),
        password,
      });
      if (response?.accessToken) {
        await this.auth.adopt(response);
        await this.router.navigateByUrl('/');
      } else {
        this.accepted.set(true);
      }
    } catch (error) {
      const message = fieldProblem(error, 'password') ? 'rejected' : fieldProblem(error, 'displayName');
      if (message) this.apiMessage.set(message);
      else if (error instanceof HttpErrorResponse && error.status !== 0) this.linkInvalid.set(true);
      else this.apiMessage.set('network');
    } finally {
      this.busy.set(false);
    }
  }
}
