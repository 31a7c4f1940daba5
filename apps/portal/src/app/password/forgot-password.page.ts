import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { AuthApi } from '../core/auth/auth-api.service';

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
@Component({
  selector: 'app-forgot-password-page',
  imports: [
    ReactiveFormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    RouterLink,
    TranslocoDirective,
  ],
  template: `
    <mat-card class="card" appearance="outlined" *transloco="let t">
      <mat-card-header>
        <mat-card-title
          ><h1 class="title">{{ t('password.forgotTitle') }}</h1></mat-card-title
        >
        <mat-card-subtitle>{{ t('password.forgotIntro') }}</mat-card-subtitle>
      </mat-card-header>
      <mat-card-content>
        @if (sent()) {
          <p role="status" class="done">{{ t('password.forgotSent') }}</p>
        } @else {
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
            <mat-form-field appearance="outline">
              <mat-label>{{ t('login.email') }}</mat-label>
              <input
                matInput
                type="email"
                formControlName="email"
                autocomplete="username"
                inputmode="email"
                required
              />
              @if (form.controls.email.invalid) {
                <mat-error>{{ t('login.errors.email') }}</mat-error>
              }
            </mat-form-field>
            @if (failed()) {
              <p class="error" role="alert">{{ t('login.errors.network') }}</p>
            }
            <button mat-flat-button type="submit" [disabled]="busy()">{{ t('password.sendLink') }}</button>
          </form>
        }
        <p>
          <a routerLink="/login">{{ t('password.backToSignIn') }}</a>
        </p>
      </mat-card-content>
    </mat-card>
  `,
  styleUrl: './password-pages.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForgotPasswordPage {
  private readonly api = inject(AuthApi);
  readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
  });
  readonly busy = signal(false);
  readonly sent = signal(false);
  readonly failed = signal(false);

  async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.failed.set(false);
    try {
      await this.api.requestPasswordReset(this.form.getRawValue().email.trim());
      this.sent.set(true);
    } catch {
      this.failed.set(true);
    } finally {
      this.busy.set(false);
    }
  }
}
