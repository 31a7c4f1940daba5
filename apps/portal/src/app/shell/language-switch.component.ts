import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { TranslocoDirective } from '@jsverse/transloco';
import { LanguageService } from '../core/i18n/language.service';
import { Language, LANGUAGES } from '../core/i18n/languages';
import { AuthService } from '../core/auth/auth.service';

/** The language menu, on the signed-in header and on the sign-in page alike. */
@Component({
  selector: 'app-language-switch',
  imports: [MatButtonModule, MatMenuModule, TranslocoDirective],
  template: `
    <ng-container *transloco="let t">
      <button
        mat-button
        type="button"
        class="language-button"
        [matMenuTriggerFor]="menu"
        [attr.aria-label]="t('app.language') + ': ' + label()"
      >
        <svg class="globe" aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
          <path
            fill="currentColor"
            d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm6.9 6h-2.9a15.7 15.7 0 0 0-1.4-3.6A8 8 0 0 1 18.9 8ZM12 4c.8 1.2 1.5 2.5 1.9 4h-3.8c.4-1.5 1.1-2.8 1.9-4ZM4.3 14a8.2 8.2 0 0 1 0-4h3.4a16.5 16.5 0 0 0 0 4H4.3Zm.8 2h2.9c.3 1.3.8 2.5 1.4 3.6A8 8 0 0 1 5.1 16ZM8 8H5.1a8 8 0 0 1 4.3-3.6C8.8 5.5 8.4 6.7 8 8Zm4 12c-.8-1.2-1.5-2.5-1.9-4h3.8c-.4 1.5-1.1 2.8-1.9 4Zm2.3-6H9.7a14.7 14.7 0 0 1 0-4h4.6a14.7 14.7 0 0 1 0 4Zm.3 5.6c.6-1.1 1.1-2.3 1.4-3.6h2.9a8 8 0 0 1-4.3 3.6Zm1.7-5.6a16.5 16.5 0 0 0 0-4h3.4a8.2 8.2 0 0 1 0 4h-3.4Z"
          />
        </svg>
        {{ label() }}
      </button>
      <mat-menu #menu="matMenu">
        @for (lang of languages; track lang.code) {
          <button mat-menu-item type="button" [attr.lang]="lang.code" (click)="choose(lang.code)">
            {{ lang.label }}
          </button>
        }
      </mat-menu>
    </ng-container>
  `,
  styles: `
    .globe {
      vertical-align: middle;
      margin-right: 4px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LanguageSwitchComponent {
  protected readonly service = inject(LanguageService);
  protected readonly languages = LANGUAGES;
  protected readonly label = computed(
    () => LANGUAGES.find((l) => l.code === this.service.language())?.label ?? '',
  );
  private readonly auth = inject(AuthService);

  protected choose(language: Language): void {
    this.service.use(language);
    // Remembered on the account too, so it applies on the user's other devices and in mails.
    if (this.auth.isAuthenticated()) this.auth.updateMe({ locale: language }).catch(() => undefined);
  }
}
