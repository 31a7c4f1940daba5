import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { newPasswordValidators, passwordsMatch } from './new-password';
import { PasswordStrengthComponent } from './password-strength.component';
import { fieldProblem } from './problem-messages';
import { AuthApi } from '../core/auth/auth-api.service';

/** Target of the emailed reset link: /reset-password/<token>. */
@Component({
  selector: 'app-reset-password-page',
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
  templateUrl: './reset-password.page.html',
  styleUrl: './password-pages.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResetPasswordPage {
  private readonly api = inject(AuthApi);
  readonly token = input.required<string>();
  readonly form = inject(NonNullableFormBuilder).group(
    { password: ['', newPasswordValidators], confirm: [''] },
    { validators: passwordsMatch },
  );
  readonly password = toSignal(this.form.controls.password.valueChanges, { initialValue: '' });
  readonly busy = signal(false);
  readonly done = signal(false);
  readonly linkInvalid = signal(false);
  readonly apiMessage = signal<string | undefined>(undefined);

  async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.apiMessage.set(undefined);
    try {
      await this.api.resetPassword(this.token(), this.form.getRawValue().password);
      this.done.set(true);
    } catch (error) {
      const message = fieldProblem(error, 'password') ? 'rejected' : undefined;
      if (message) this.apiMessage.set(message);
      else if (error instanceof HttpErrorResponse && error.status !== 0) this.linkInvalid.set(true);
      else this.apiMessage.set('network');
    } finally {
      this.busy.set(false);
    }
  }
}
