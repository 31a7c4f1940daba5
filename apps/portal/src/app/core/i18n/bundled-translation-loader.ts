import { Injectable } from '@angular/core';
import { Translation, TranslocoLoader } from '@jsverse/transloco';
import { from, Observable } from 'rxjs';
import { Language } from './languages';

// Each language is its own lazy chunk: no extra HTTP round-trip through an assets folder, and the
// strings are content-hashed with the build so a deploy never serves stale translations.
const bundles: Record<Language, () => Promise<{ default: Translation }>> = {
  en: () => import('../../../i18n/en.json'),
  'zh-CN': () => import('../../../i18n/zh-CN.json'),
};

@Injectable({ providedIn: 'root' })
export class BundledTranslationLoader implements TranslocoLoader {
  getTranslation(lang: string): Observable<Translation> {
    const load = bundles[lang as Language] ?? bundles.en;
    return from(load().then((module) => module.default));
  }
}
