import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('console translations', () => {
  it('has a Chinese string for every English one and no extras', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('has no empty strings', () => {
    for (const bundle of [en, zhCN]) {
      const flat = keys(bundle).map((k) =>
        k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], bundle),
      );
      expect(flat.filter((s) => typeof s !== 'string' || s.trim() === '')).toEqual([]);
    }
  });
});
