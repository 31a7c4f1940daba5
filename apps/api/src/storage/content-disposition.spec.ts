import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name per RFC 5987', () => {
    expect(contentDisposition('attachment', '图纸 Ä "1".pdf')).toBe(
      `attachment; filename="__ A _1_.pdf"; filename*=UTF-8''%E5%9B%BE%E7%BA%B8%20%C3%84%20%221%22.pdf`,
    );
  });

  it('percent-encodes characters that are not attr-chars', () => {
    expect(contentDisposition('inline', "it's (v2)*.pdf")).toBe(
      `inline; filename="it's (v2)*.pdf"; filename*=UTF-8''it%27s%20%28v2%29%2A.pdf`,
    );
  });
});
