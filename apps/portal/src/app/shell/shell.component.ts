import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import { AppAbility } from '../core/auth/ability';
import { AuthService } from '../core/auth/auth.service';
import { NotificationBellComponent } from '../notifications/notification-bell.component';
import { LanguageSwitchComponent } from './language-switch.component';
import { NAV_ITEMS } from './nav-items';
import { UnreadTransmittals } from '../transmittals/unread-transmittals.service';

/** Header, navigation and language switch around every signed-in page. */
@Component({
  selector: 'app-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatButtonModule,
    MatMenuModule,
    TranslocoDirective,
    LanguageSwitchComponent,
    NotificationBellComponent,
  ],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);

  readonly user = this.auth.user;
  readonly unreadTransmittals = inject(UnreadTransmittals);
  readonly navItems = computed(() => {
    const orgKind = this.user()?.orgKind;
    return NAV_ITEMS.filter(
      (item) =>
        (!item.can || this.abilities.can(item.can.action, item.can.subject)) &&
        (!item.orgKind || item.orgKind === orgKind),
    );
  });

  constructor() {
    effect(() => {
      if (this.user()?.orgKind === 'supplier') void this.unreadTransmittals.refresh();
    });
  }

  async signOut(): Promise<void> {
    await this.auth.logout();
    await this.router.navigate(['/login']);
  }
}
