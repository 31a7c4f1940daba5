import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { AuthService } from '../../core/auth/auth.service';

/** A Jira key as a link to its issue on the company's Jira site (known to internal users only). */
@Component({
  selector: 'app-jira-key-link',
  imports: [TranslocoDirective],
  template: `
    @if (href(); as url) {
      <a
        [href]="url"
        target="_blank"
        rel="noopener"
        *transloco="let t"
        [attr.title]="t('console.common.openInJira')"
        ><code>{{ key() }}</code></a
      >
    } @else {
      <code>{{ key() }}</code>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JiraKeyLinkComponent {
  private readonly auth = inject(AuthService);

  readonly key = input.required<string>();
  readonly href = computed(() => {
    const site = this.auth.user()?.jiraSiteUrl;
    return site ? `${site}/browse/${encodeURIComponent(this.key())}` : null;
  });
}
