export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '中文' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value);
}

/** Chinese browsers (zh, zh-CN, zh-Hans, zh-TW, …) start in Chinese; everything else in English. */
export function languageFromBrowser(tags: readonly string[]): Language {
  return tags.some((tag) => tag.toLowerCase().startsWith('zh')) ? 'zh-CN' : DEFAULT_LANGUAGE;
}
