import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { TranslocoDirective } from '@jsverse/transloco';
import { LanguageService } from '../core/i18n/language.service';
import { LANGUAGES } from '../core/i18n/languages';

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
        <span aria-hidden="true">🌐</span> {{ label() }}
      </button>
      <mat-menu #menu="matMenu">
        @for (lang of languages; track lang.code) {
          <button mat-menu-item type="button" [attr.lang]="lang.code" (click)="service.use(lang.code)">
            {{ lang.label }}
          </button>
        }
      </mat-menu>
    </ng-container>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LanguageSwitchComponent {
  protected readonly service = inject(LanguageService);
  protected readonly languages = LANGUAGES;
  protected readonly label = computed(
    () => LANGUAGES.find((l) => l.code === this.service.language())?.label ?? '',
  );
}
