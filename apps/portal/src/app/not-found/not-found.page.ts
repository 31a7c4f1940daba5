import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';

/** Also what a supplier sees for another organisation's things: existence is never confirmed. */
@Component({
  selector: 'app-not-found-page',
  imports: [TranslocoDirective, RouterLink, MatButtonModule],
  template: `
    <section class="page" *transloco="let t">
      <h1 class="page-title">{{ t('notFound.title') }}</h1>
      <p>{{ t('notFound.body') }}</p>
      <a mat-stroked-button routerLink="/">{{ t('notFound.back') }}</a>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {}
