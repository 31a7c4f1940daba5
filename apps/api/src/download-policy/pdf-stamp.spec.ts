import { createHash } from 'node:crypto';
import * as fontkit from '@pdf-lib/fontkit';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream, StandardFonts } from 'pdf-lib';
import { pdfPageTexts } from '../../test/support/pdf-text';
import { stampPdf } from './pdf-stamp';
import { drawable, stampLines, StampUnsupported } from './stamp-text';

const facts = {
  organisation: 'Acme Fabrication',
  email: 'jane@acme.example',
  at: new Date('2026-12-07T08:15:30Z'),
  documentNumber: 'D-100',
  revisionLabel: 'B',
};

async function samplePdf(pages: number, useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Original page ${n}`, { x: 50, y: 700, size: 20, font });
  }
  return doc.save({ useObjectStreams });
}

/** The glyph outlines of the font subset embedded in a stamped PDF, parsed back with fontkit. */
async function embeddedGlyphs(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes);
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const file = object instanceof PDFDict ? object.get(PDFName.of('FontFile2')) : undefined;
    if (!file) continue;
    const stream = doc.context.lookup(file) as PDFRawStream;
    const font = fontkit.create(Buffer.from(decodePDFRawStream(stream).decode()));
    return Array.from({ length: font.numGlyphs }, (_, id) => font.getGlyph(id));
  }
  throw new Error('no embedded TrueType font');
}

const sha = (parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  parts.forEach((part) => hash.update(part));
  return hash.digest('hex');
};

describe('PDF stamp', () => {
  it.each([true, false])(
    'stamps every page and keeps the original bytes as the prefix (object streams: %s)',
    async (useObjectStreams) => {
      const original = await samplePdf(3, useObjectStreams);
      const before = sha([original]);
      const copy = await stampPdf(original, facts);
      const bytes = Buffer.concat(copy.parts);
      expect(sha([original])).toBe(before);
      expect(bytes.subarray(0, original.length).equals(Buffer.from(original))).toBe(true);
      expect(copy.size).toBe(bytes.length);
      expect(copy.sha256).toBe(sha([bytes]));
      expect(copy.sha256).not.toBe(before);
      const texts = await pdfPageTexts(bytes);
      expect(texts).toHaveLength(3);
      texts.forEach((text, index) => {
        expect(text).toContain(`Original page ${index + 1}`);
        expect(text).toContain('jane@acme.example');
        expect(text).toContain('Acme Fabrication');
        expect(text).toContain('2026-12-07 08:15 UTC');
        expect(text).toContain('Rev B');
      });
      expect((await PDFDocument.load(bytes)).getPageCount()).toBe(3);
    },
  );

  it('stamps a page whose resources are inherited from the page tree', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([300, 300]).drawText('Inherited', { x: 20, y: 150 });
    const page = doc.getPage(0).node;
    const resources = page.Resources()!;
    page.delete(page.context.obj('Resources') as never);
    page.Parent()!.set(page.context.obj('Resources') as never, resources);
    const copy = await stampPdf(await doc.save(), facts);
    const [text] = await pdfPageTexts(Buffer.concat(copy.parts));
    expect(text).toContain('Inherited');
    expect(text).toContain('jane@acme.example');
  });

  it('labels the copy with the transmittal number when there is one, else the revision', () => {
    expect(stampLines(facts)[2]).toBe('2026-12-07 08:15 UTC · D-100 · Rev B');
    expect(stampLines({ ...facts, transmittal: 'ACME-T-0001' })[2]).toBe(
      '2026-12-07 08:15 UTC · D-100 · ACME-T-0001 · Rev B',
    );
  });

  it('draws Chinese organisation names and emails as text, with the glyphs embedded as a subset', async () => {
    const original = await samplePdf(1, true);
    const copy = await stampPdf(original, {
      ...facts,
      organisation: '中文供应商',
      email: '李雷@例子.中国',
    });
    const bytes = Buffer.concat(copy.parts);
    const [text] = await pdfPageTexts(bytes);
    expect(text).toContain('中文供应商');
    expect(text).toContain('李雷@例子.中国');
    expect(text).not.toContain('<4E2D');
    // Every glyph of the subset decodes to an outline (a misaligned subset draws only some letters).
    const glyphs = await embeddedGlyphs(bytes);
    expect(glyphs.length).toBeGreaterThan(20);
    const blank = glyphs.filter((glyph) => glyph.id > 0 && glyph.path.toSVG() === '');
    expect(blank.length).toBeLessThanOrEqual(1); // the space
    // A subset of a few dozen glyphs, not the 2.5 MB font.
    expect(bytes.length - original.length).toBeLessThan(60_000);
  });

  it('writes characters the font lacks as their code points, and then IDN domains as punycode', () => {
    expect(drawable('Ελλάς 上海 Ltd')).toBe('<0395 03BB 03BB 03AC 03C2> 上海 Ltd');
    expect(drawable('Müller\u0007')).toBe('Müller');
    expect(stampLines({ ...facts, email: 'li@пример.рф' })[1]).toBe('li@xn--e1afmkfd.xn--p1ai');
  });

  it('refuses an encrypted or unreadable PDF', async () => {
    await expect(stampPdf(Buffer.from('%PDF-1.7\nnot really\n%%EOF\n'), facts)).rejects.toThrow(
      StampUnsupported,
    );
  });
});
