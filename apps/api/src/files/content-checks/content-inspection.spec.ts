import { deflateSync } from 'node:zlib';
import {
  DXF,
  EICAR,
  gif,
  IGES,
  jpeg,
  objectStream,
  pdfWith,
  png,
  STEP,
  webp,
  zip,
} from '../../../test/support/suspicious-files';
import { ContentInspection, InspectionResult } from './content-inspection';

const limits = { maxImagePixels: 100_000_000, imageTrailingBytes: 16 };

/** Feeds `data` in chunks of `chunkSize` (1 byte stresses every boundary), as storage streams it. */
function inspect(extension: string, data: Buffer | string, chunkSize = 7): InspectionResult {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1');
  const inspection = new ContentInspection(extension, limits);
  for (let at = 0; at < bytes.length; at += chunkSize) inspection.feed(bytes.subarray(at, at + chunkSize));
  return inspection.end(bytes.subarray(0, 64 * 1024), bytes.length);
}

describe('ContentInspection', () => {
  describe('images', () => {
    it.each([
      ['png', png(640, 480)],
      ['jpg', jpeg(4000, 3000)],
      ['gif', gif()],
      ['webp', webp(800, 600)],
    ])('accepts a sound %s', (extension, data) => {
      for (const chunkSize of [1, 5, 4096]) expect(inspect(extension, data, chunkSize).problem).toBeNull();
    });

    it('refuses a PNG declaring 100 000 × 100 000 pixels, however small the file', () => {
      const bomb = png(100_000, 100_000, 1);
      expect(bomb.length).toBeLessThan(300);
      expect(inspect('png', bomb).problem).toMatch(/100000 × 100000 pixels, more than the 100000000 allowed/);
    });

    it.each([
      ['jpg', jpeg(20_000, 20_000)],
      ['gif', gif(20_000, 20_000)],
      ['webp', webp(16_000, 16_000)],
    ])('reads the declared size of a %s', (extension, data) => {
      expect(inspect(extension, data).problem).toMatch(/pixels, more than/);
    });

    it('refuses a PNG or JPEG with a ZIP appended, tolerating a few bytes of padding', () => {
      const archive = zip('payload.html', Buffer.from('<script>alert(1)</script>'));
      expect(inspect('png', Buffer.concat([png(2, 2), archive])).problem).toMatch(
        new RegExp(`${archive.length} bytes of other data after its end`),
      );
      expect(inspect('jpg', Buffer.concat([jpeg(2, 2), archive])).problem).toMatch(/after its end/);
      expect(inspect('png', Buffer.concat([png(2, 2), Buffer.alloc(8)])).problem).toBeNull();
    });

    it('finds the JPEG end past stuffed bytes and restart markers split across chunks', () => {
      const entropy = Buffer.from('00ff00ffd3ff00ffffd7aa', 'hex');
      const data = Buffer.concat([jpeg(10, 10, entropy), Buffer.from(EICAR)]);
      for (const chunkSize of [1, 2, 3]) {
        expect(inspect('jpg', data, chunkSize).problem).toMatch(/68 bytes of other data/);
      }
    });

    it('refuses images cut short before their end marker', () => {
      const whole = png(4, 4);
      expect(inspect('png', whole.subarray(0, whole.length - 12)).problem).toMatch(/ends before its IEND/);
      const photo = jpeg(4, 4);
      expect(inspect('jpg', photo.subarray(0, photo.length - 2)).problem).toMatch(/ends before its EOI/);
    });
  });

  describe('PDFs', () => {
    const findings = (data: Buffer, chunkSize = 7) => [...inspect('pdf', data, chunkSize).pdf].sort();

    it('finds nothing in a plain PDF, even with compressed page content that happens to hold "/JS"', () => {
      const content = Buffer.concat([
        Buffer.from('q 1 0 0 1 0 0 cm /JS Do /AA gs Q'),
        Buffer.from([0, 1, 2]),
      ]);
      const page = `4 0 obj << /Length ${content.length} >>\nstream\n${content.toString('latin1')}\nendstream\nendobj`;
      expect(findings(pdfWith('', page))).toEqual([]);
    });

    it('finds an /OpenAction running JavaScript, however the names are spelled', () => {
      const action = "4 0 obj << /S /JavaScript /JS (app.alert\\('hi'\\)) >> endobj";
      expect(findings(pdfWith('/OpenAction 4 0 R', action), 1)).toEqual(['javascript', 'open-action']);
      const escaped = '4 0 obj << /S /J#61vaScript /J#53 (x) >> endobj';
      expect(findings(pdfWith('/OpenAction 4 0 R', escaped))).toEqual(['javascript', 'open-action']);
    });

    it('finds Launch actions, embedded files, RichMedia and XFA', () => {
      expect(findings(pdfWith('/AA << /O << /S /Launch /F (cmd.exe) >> >>'))).toEqual([
        'launch',
        'open-action',
      ]);
      expect(findings(pdfWith('/Names << /EmbeddedFiles 5 0 R >>'))).toEqual(['embedded-file']);
      expect(
        findings(pdfWith('/AcroForm << /XFA 6 0 R >>', '7 0 obj << /Subtype /RichMedia >> endobj')),
      ).toEqual(['rich-media', 'xfa']);
    });

    it('finds JavaScript hidden in a compressed object stream', () => {
      const hidden = objectStream(8, '4 0 << /S /JavaScript /JS (app.alert(1)) >>');
      expect(findings(pdfWith('/OpenAction 4 0 R', hidden), 3)).toEqual(['javascript', 'open-action']);
      expect(findings(pdfWith('', objectStream(8, '4 0 << /Type /Font >>')))).toEqual([]);
    });

    it('reports object streams it cannot read as uninspectable', () => {
      const hex = objectStream(8, '4 0 << /S /JavaScript /JS (x) >>', 'ASCIIHexDecode');
      expect(findings(pdfWith('', hex))).toEqual(['uninspectable']);
      const garbage = `8 0 obj << /Type /ObjStm /Filter /FlateDecode /Length 9 >>\nstream\nnot zlib!\nendstream\nendobj`;
      expect(findings(pdfWith('', garbage))).toEqual(['uninspectable']);
    });

    it('is not blinded by a fake "stream" keyword inside a string', () => {
      const trick = '4 0 obj << /Title (>> stream\n) >> endobj\n5 0 obj << /S /JavaScript /JS (x) >> endobj';
      expect(findings(pdfWith('/OpenAction 5 0 R', trick))).toEqual(['javascript', 'open-action']);
    });

    it('scans a large deflated stream in small chunks without false findings', () => {
      const noise = deflateSync(Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251)));
      const image = `4 0 obj << /Length ${noise.length} /Filter /FlateDecode >>\nstream\n${noise.toString('latin1')}\nendstream\nendobj`;
      expect(findings(pdfWith('', image), 4096)).toEqual([]);
    });
  });

  describe('CAD text formats', () => {
    it.each([
      ['dxf', DXF],
      ['step', STEP],
      ['igs', IGES],
    ])('accepts a sound %s', (extension, text) => {
      for (const chunkSize of [1, 4096]) expect(inspect(extension, text, chunkSize).problem).toBeNull();
    });

    it('refuses HTML after a valid DXF header line', () => {
      const html = '0\nSECTION\n<html><body><script>alert(document.cookie)</script></body></html>\n';
      expect(inspect('dxf', html).problem).toMatch(/web markup \(<html\)/);
    });

    it('refuses script markers anywhere in a text drawing, and broken structure', () => {
      const late = DXF.replace('0\r\nEOF', '0\r\nTEXT\r\n1\r\n<script src=x>\r\n0\r\nEOF');
      expect(inspect('dxf', late).problem).toMatch(/web markup \(<script\)/);
      expect(inspect('step', STEP.replace('DATA;', '<svg onload=alert(1)>')).problem).toMatch(/<svg/);
      expect(inspect('dxf', DXF.replace('0\r\nEOF\r\n', '')).problem).toMatch(/does not end with 0\/EOF/);
      expect(inspect('dxf', '0\nSECTION\n2\nHEADER\nnot a code\nx\n0\nEOF\n').problem).toMatch(/line 5/);
      expect(inspect('step', 'ISO-10303-21;\nHEADER;\nENDSEC;\n').problem).toMatch(/FILE_DESCRIPTION/);
      expect(inspect('step', STEP.replace('END-ISO-10303-21;', '')).problem).toMatch(/END-ISO-10303-21/);
      const lines = IGES.split('\n');
      expect(inspect('igs', [lines[0], lines[2], ...lines.slice(1)].join('\n')).problem).toMatch(
        /order|sequence/,
      );
      expect(inspect('igs', IGES.replace(/T {6}1\n$/, 'P      2\n')).problem).toMatch(/Terminate/);
    });
  });
});
