import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import type { MfaEnrolment } from '../core/api/api-types';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/i18n/language.service';
import { Language, LANGUAGES } from '../core/i18n/languages';
import { newPasswordValidators } from '../password/new-password';
import { PasswordStrengthComponent } from '../password/password-strength.component';
import { CalendarFeedComponent } from './calendar-feed.component';
import { AuthApi } from '../core/auth/auth-api.service';

type MfaStep = 'idle' | 'scan' | 'codes' | 'disable';

/** Name, language, password and two-factor authentication of the signed-in user. */
@Component({
  selector: 'app-profile-page',
  imports: [
    ReactiveFormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatButtonModule,
    TranslocoDirective,
    PasswordStrengthComponent,
    CalendarFeedComponent,
  ],
  templateUrl: './profile.page.html',
  styleUrl: './profile.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProfilePage {
  private readonly api = inject(AuthApi);
  private readonly auth = inject(AuthService);
  private readonly languageService = inject(LanguageService);
  private readonly router = inject(Router);
  private readonly fb = inject(NonNullableFormBuilder);

  /** `?mfa=required`: sent here because the organisation requires two-factor authentication. */
  readonly mfa = input<string>();
  readonly user = this.auth.user;
  readonly mfaRequired = this.auth.mfaEnrolmentRequired;
  readonly languages = LANGUAGES;

  readonly details = this.fb.group({
    displayName: [this.auth.user()?.displayName ?? '', [Validators.required, Validators.maxLength(200)]],
    locale: [this.languageService.language() as Language],
  });
  readonly detailsState = signal<'idle' | 'saving' | 'saved' | 'failed'>('idle');

  readonly password = this.fb.group({
    currentPassword: ['', Validators.required],
    newPassword: ['', newPasswordValidators],
  });
  readonly newPassword = toSignal(this.password.controls.newPassword.valueChanges, { initialValue: '' });
  readonly passwordState = signal<'idle' | 'saving' | 'wrong' | 'rejected' | 'failed'>('idle');

  readonly mfaStep = signal<MfaStep>('idle');
  readonly enrolment = signal<MfaEnrolment | null>(null);
  readonly recoveryCodes = signal<string[]>([]);
  readonly mfaError = signal<'badCode' | 'wrongPassword' | 'failed' | null>(null);
  readonly mfaCode = this.fb.control('', [Validators.required, Validators.pattern(/^\d{6}$/)]);
  readonly mfaPassword = this.fb.control('', Validators.required);

  async saveDetails(): Promise<void> {
    if (this.details.invalid) return;
    this.detailsState.set('saving');
    const { displayName, locale } = this.details.getRawValue();
    try {
      await this.auth.updateMe({ displayName: displayName.trim(), locale });
      this.languageService.use(locale);
      this.detailsState.set('saved');
    } catch {
      this.detailsState.set('failed');
    }
  }

  async changePassword(): Promise<void> {
    if (this.password.invalid) {
      this.password.markAllAsTouched();
      return;
    }
    this.passwordState.set('saving');
    try {
      await this.api.changePassword(this.password.getRawValue());
      // The API ends every session on a password change, this one included.
      this.auth.clear();
      await this.router.navigate(['/login'], { queryParams: { passwordChanged: 1 } });
    } catch (error) {
      const status = error instanceof HttpErrorResponse ? error.status : 0;
      this.passwordState.set(status === 400 ? 'wrong' : status === 422 ? 'rejected' : 'failed');
    }
  }

  async startMfa(): Promise<void> {
    this.mfaError.set(null);
    try {
      this.enrolment.set(await this.api.startMfa());
      this.mfaCode.reset('');
      this.mfaStep.set('scan');
    } catch {
      this.mfaError.set('failed');
    }
  }

  async confirmMfa(): Promise<void> {
    if (this.mfaCode.invalid) {
      this.mfaCode.markAsTouched();
      return;
    }
    this.mfaError.set(null);
    try {
      const { recoveryCodes } = await this.api.confirmMfa(this.mfaCode.value);
      this.recoveryCodes.set(recoveryCodes);
      this.enrolment.set(null);
      this.mfaStep.set('codes');
      await this.auth.reloadMe();
    } catch (error) {
      this.mfaError.set(error instanceof HttpErrorResponse && error.status < 500 ? 'badCode' : 'failed');
    }
  }

  async disableMfa(): Promise<void> {
    if (this.mfaPassword.invalid) {
      this.mfaPassword.markAsTouched();
      return;
    }
    this.mfaError.set(null);
    try {
      await this.api.disableMfa(this.mfaPassword.value);
      this.mfaPassword.reset('');
      this.mfaStep.set('idle');
      await this.auth.reloadMe();
    } catch (error) {
      this.mfaError.set(
        error instanceof HttpErrorResponse && error.status === 400 ? 'wrongPassword' : 'failed',
      );
    }
  }

  finishMfa(): void {
    this.recoveryCodes.set([]);
    this.mfaStep.set('idle');
    if (this.mfa() === 'required') void this.router.navigateByUrl('/');
  }
}
