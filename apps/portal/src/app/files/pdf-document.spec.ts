import { clampPage } from './pdf-document';

describe('clampPage', () => {
  it('keeps page turns within the document', () => {
    expect(clampPage(0, 3)).toBe(1);
    expect(clampPage(4, 3)).toBe(3);
    expect(clampPage(2, 3)).toBe(2);
    expect(clampPage(Number.NaN, 3)).toBe(1);
    expect(clampPage(2.7, 3)).toBe(2);
    expect(clampPage(5, 0)).toBe(1);
  });
});
