import { TranslocoTestingModule, TranslocoTestingOptions } from '@jsverse/transloco';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';

/** The real strings of both languages, loaded synchronously, so specs assert what users read. */
export function translocoTesting(options: TranslocoTestingOptions = {}) {
  return TranslocoTestingModule.forRoot({
    langs: { en, 'zh-CN': zhCN },
    translocoConfig: { availableLangs: ['en', 'zh-CN'], defaultLang: 'en', reRenderOnLangChange: true },
    preloadLangs: true,
    ...options,
  });
}
