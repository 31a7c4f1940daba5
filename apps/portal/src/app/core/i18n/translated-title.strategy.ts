import { inject, Injectable } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';
import { Subscription } from 'rxjs';

/** Route `title`s are translation keys; the tab title follows language switches too. */
@Injectable()
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly transloco = inject(TranslocoService);
  private subscription: Subscription | undefined;

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const key = this.buildTitle(snapshot);
    this.subscription?.unsubscribe();
    this.subscription = this.transloco.selectTranslate<string>(key ?? 'app.tagline').subscribe((text) => {
      this.title.setTitle(key ? `${text} · Portico` : `Portico · ${text}`);
    });
  }
}
