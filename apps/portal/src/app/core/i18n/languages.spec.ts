import { isLanguage, languageFromBrowser } from './languages';

describe('languages', () => {
  it('starts Chinese-speaking browsers in Chinese, whatever the region', () => {
    expect(languageFromBrowser(['zh-TW', 'en'])).toBe('zh-CN');
    expect(languageFromBrowser(['zh'])).toBe('zh-CN');
  });

  it('starts every other browser in English', () => {
    expect(languageFromBrowser(['de-DE', 'fr'])).toBe('en');
    expect(languageFromBrowser([])).toBe('en');
  });

  it('accepts only the languages the portal ships', () => {
    expect(isLanguage('zh-CN')).toBe(true);
    expect(isLanguage('en')).toBe(true);
    expect(isLanguage('fr')).toBe(false);
    expect(isLanguage(null)).toBe(false);
  });
});
