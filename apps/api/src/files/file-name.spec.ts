import { extensionOf, MAX_FILE_NAME_LENGTH, sanitiseFileName } from './file-name';

describe('sanitiseFileName', () => {
  it('keeps only the last path segment of a traversal attempt', () => {
    expect(sanitiseFileName('../../etc/passwd.pdf')).toBe('passwd.pdf');
    expect(sanitiseFileName('..\\..\\Windows\\system.ini.pdf')).toBe('system.ini.pdf');
  });

  it('removes a right-to-left override so the real extension shows', () => {
    expect(sanitiseFileName('drawing\u202Efdp.exe')).toBe('drawingfdp.exe');
    expect(sanitiseFileName('plan\u202Egpj.pdf')).toBe('plangpj.pdf');
  });

  it('removes control characters and other bidi controls', () => {
    expect(sanitiseFileName('a\u0000b\u0007c\u2066d\u200Fe.pdf')).toBe('abcde.pdf');
    expect(sanitiseFileName('line\r\nbreak.pdf')).toBe('linebreak.pdf');
  });

  it('prefixes Windows reserved device names', () => {
    expect(sanitiseFileName('CON.pdf')).toBe('_CON.pdf');
    expect(sanitiseFileName('lpt1.tar.zip')).toBe('_lpt1.tar.zip');
    expect(sanitiseFileName('CONSOLE.pdf')).toBe('CONSOLE.pdf');
  });

  it('replaces characters Windows forbids and trims dots and spaces at the ends', () => {
    expect(sanitiseFileName(' ..a<b>c:d"e|f?g*h.pdf. ')).toBe('a_b_c_d_e_f_g_h.pdf');
  });

  it('cuts a 300-character name to 200 code points keeping the extension', () => {
    const name = sanitiseFileName(`${'x'.repeat(300)}.step`);
    expect(name).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.step')).toBe(true);
  });

  it('never splits a character outside the basic plane when cutting', () => {
    const name = sanitiseFileName(`${'📐'.repeat(250)}.pdf`);
    expect([...name]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name).toBe(`${'📐'.repeat(196)}.pdf`);
  });

  it('keeps non-Latin names intact', () => {
    expect(sanitiseFileName('图纸 D-102 修订版.dwg')).toBe('图纸 D-102 修订版.dwg');
  });

  it('leaves nothing of a name made only of dots and separators', () => {
    expect(sanitiseFileName('../..')).toBe('');
  });
});

describe('extensionOf', () => {
  it('is the lower-case text after the last dot', () => {
    expect(extensionOf('A.B.PDF')).toBe('pdf');
    expect(extensionOf('README')).toBe('');
  });
});
