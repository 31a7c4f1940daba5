import { inject } from '@angular/core';
import { CanActivateFn } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';
import { map } from 'rxjs';

/**
 * The console's strings are a Transloco scope of their own, loaded with the console's code, so
 * suppliers never download them. Keys read `console.<section>.<key>`.
 */
export const CONSOLE_SCOPE = {
  scope: 'console',
  loader: {
    en: () => import('./i18n/en.json'),
    'zh-CN': () => import('./i18n/zh-CN.json'),
  },
};

/** Loads the console strings before its pages activate, so route titles translate on first paint. */
export const preloadConsoleStrings: CanActivateFn = () => {
  const transloco = inject(TranslocoService);
  // A scoped load looks its loader up by the full path (`console/en`), unlike the scope provider.
  const inlineLoader = Object.fromEntries(
    Object.entries(CONSOLE_SCOPE.loader).map(([lang, load]) => [`${CONSOLE_SCOPE.scope}/${lang}`, load]),
  );
  return transloco
    .load(`${CONSOLE_SCOPE.scope}/${transloco.getActiveLang()}`, { inlineLoader })
    .pipe(map(() => true));
};
