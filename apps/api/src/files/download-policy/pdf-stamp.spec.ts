import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { pdfPageTexts } from '../../../test/support/pdf-text';
import { solidPng } from '../../../test/support/png';
import { drawable, stampImage, stampLines, stampPdf, StampUnsupported } from './pdf-stamp';

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

  it('names the transmittal when there is one', () => {
    expect(stampLines({ ...facts, transmittal: 'TR-0007' })[2]).toContain('Transmittal TR-0007');
  });

  it('writes characters the standard font lacks as their code points, and IDN domains as punycode', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    expect(drawable('上海精密 Ltd', font)).toBe('<4E0A 6D77 7CBE 5BC6> Ltd');
    expect(drawable('Müller', font)).toBe('Müller');
    expect(stampLines({ ...facts, email: 'li@例子.中国' })[1]).toBe('li@xn--fsqu00a.xn--fiqs8s');
    const copy = await stampPdf(await samplePdf(1, true), { ...facts, organisation: '上海精密' });
    const [text] = await pdfPageTexts(Buffer.concat(copy.parts));
    expect(text).toContain('<4E0A 6D77 7CBE 5BC6>');
  });

  it('refuses an encrypted or unreadable PDF', async () => {
    await expect(stampPdf(Buffer.from('%PDF-1.7\nnot really\n%%EOF\n'), facts)).rejects.toThrow(
      StampUnsupported,
    );
  });

  it('puts an image on a stamped page of its pixel size', async () => {
    const copy = await stampImage(solidPng(800, 600), 'png', facts);
    const bytes = Buffer.concat(copy.parts);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPage(0).getSize()).toEqual({ width: 800, height: 600 });
    expect((await pdfPageTexts(bytes))[0]).toContain('jane@acme.example');
  });
});
