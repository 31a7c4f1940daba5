import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { LanguageSwitchComponent } from './language-switch.component';

/** Frame of the pages reached before signing in: sign-in, password reset, invitation. */
@Component({
  selector: 'app-public-layout',
  imports: [RouterOutlet, LanguageSwitchComponent],
  template: `
    <header class="top-bar">
      <app-language-switch />
    </header>
    <main class="content" id="main">
      <router-outlet />
    </main>
  `,
  styles: `
    :host {
      display: block;
      min-height: 100vh;
      background: var(--mat-sys-surface-container-low);
    }
    .top-bar {
      display: flex;
      justify-content: flex-end;
      padding: 8px 12px;
    }
    .content {
      display: flex;
      justify-content: center;
      padding: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PublicLayoutComponent {}
