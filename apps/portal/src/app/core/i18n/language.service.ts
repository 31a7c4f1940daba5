import { DOCUMENT } from '@angular/common';
import { inject, Injectable, signal } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import { DEFAULT_LANGUAGE, isLanguage, Language, languageFromBrowser } from './languages';

const STORAGE_KEY = 'portico.language';

/** The active UI language: switched at run time, remembered in the browser, reflected in <html lang>. */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly transloco = inject(TranslocoService);
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<Language>(DEFAULT_LANGUAGE);
  readonly language = this.current.asReadonly();

  /** Picks the remembered language, else the browser's; call once at start-up. */
  init(): void {
    const stored = this.readStored();
    const nav = this.document.defaultView?.navigator;
    this.use(stored ?? languageFromBrowser(nav?.languages ?? [nav?.language ?? '']));
  }

  use(language: Language): void {
    this.current.set(language);
    this.transloco.setActiveLang(language);
    this.document.documentElement.lang = language;
    try {
      this.document.defaultView?.localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Private browsing may forbid storage; the choice then lasts for this page only.
    }
  }

  private readStored(): Language | undefined {
    try {
      const value = this.document.defaultView?.localStorage.getItem(STORAGE_KEY);
      return isLanguage(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
}
