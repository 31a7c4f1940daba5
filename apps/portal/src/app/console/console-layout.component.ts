import { ChangeDetectionStrategy, Component, computed, inject, ViewEncapsulation } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import type { AppAbility } from '../core/auth/ability';
import { CONSOLE_SECTIONS } from './console-sections';

/** Section tabs above every console page, and the few styles all console pages share. */
@Component({
  selector: 'app-console-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslocoDirective],
  template: `
    <div class="console" *transloco="let t">
      <nav class="console-nav" [attr.aria-label]="t('console.nav.label')">
        @for (section of sections(); track section.path) {
          <a
            [routerLink]="section.path"
            routerLinkActive="active"
            [routerLinkActiveOptions]="{ exact: section.path === '' }"
            ariaCurrentWhenActive="page"
            >{{ t(section.labelKey) }}</a
          >
        }
      </nav>
      <router-outlet />
    </div>
  `,
  styleUrl: './console-layout.component.scss',
  // Shared by every console page below this layout; all selectors start with `.console`.
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConsoleLayoutComponent {
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);

  readonly sections = computed(() =>
    CONSOLE_SECTIONS.filter((s) => this.abilities.can(s.can.action, s.can.subject)),
  );
}
