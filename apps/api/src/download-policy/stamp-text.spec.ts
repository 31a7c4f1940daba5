import { placeStamp, stampLines } from './stamp-text';
import { stampFont } from './stamp-font';

const lines = stampLines({
  organisation: 'Borealis Präzisionsteile GmbH',
  email: 'bo.lindqvist-engineering@borealis-components.example',
  at: new Date('2026-12-07T10:15:00Z'),
  documentNumber: 'GBX-4410-HOUSING',
  revisionLabel: 'C',
  transmittal: 'ACME-T-0012',
});

/** The four corners of each placed line's box (advance × descent..ascent), on the page. */
function cornersOf(width: number, height: number) {
  const { font } = stampFont();
  const { size, angle, lines: placed } = placeStamp(width, height, lines);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return placed.flatMap((line) => {
    const advance = (font.layout(line.text).advanceWidth / font.unitsPerEm) * size;
    const across = [font.descent, font.ascent].map((v) => (v / font.unitsPerEm) * size);
    return [0, advance].flatMap((u) =>
      across.map((v) => ({ x: line.x + u * cos - v * sin, y: line.y + u * sin + v * cos })),
    );
  });
}

describe('placeStamp', () => {
  it.each([
    ['A4 portrait', 595, 842],
    ['A4 landscape', 842, 595],
    ['A0 landscape', 3370, 2384],
    ['a wide drawing strip', 4000, 500],
    ['a tall drawing strip', 500, 4000],
    ['a square photo', 3000, 3000],
  ])('keeps every line of the stamp inside %s', (_name, width, height) => {
    for (const { x, y } of cornersOf(width, height)) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(width);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(height);
    }
  });

  it('still fills a usual page: the widest line spans most of an A4 diagonal', () => {
    const corners = cornersOf(595, 842);
    const xs = corners.map((c) => c.x);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(595 * 0.6);
  });
});
