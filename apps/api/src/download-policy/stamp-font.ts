import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import * as fontkit from '@pdf-lib/fontkit';
import type { Font } from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';

/**
 * Noto Sans SC (SIL Open Font License), the `chinese-simplified` cut of @fontsource/noto-sans-sc: 8,248
 * glyphs covering ASCII, Latin-1 and the common simplified Chinese characters, so organisation names and
 * emails in Chinese are drawn as text. One font for both stamps: PDFs embed a subset of it, images get its
 * glyph outlines as SVG paths (no system fonts involved).
 */
const FONT_FILE = '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff';

let loaded: { font: Font; bytes: Uint8Array } | undefined;

/** The stamp font, read and parsed on first use and kept for the life of the process (about 2.5 MB). */
export function stampFont(): { font: Font; bytes: Uint8Array } {
  if (!loaded) {
    const bytes = sfntOf(readFileSync(require.resolve(FONT_FILE)));
    loaded = { font: fontkit.create(bytes), bytes };
  }
  return loaded;
}

/** For pdf-lib's `registerFontkit`: hands back the font parsed once instead of parsing its bytes again. */
export const stampFontkit = { create: () => stampFont().font } as unknown as Parameters<
  PDFDocument['registerFontkit']
>[0];

/** Whether the stamp font draws this character (else the stamp writes its code point). */
export function drawsChar(char: string): boolean {
  return stampFont().font.hasGlyphForCodePoint(char.codePointAt(0)!);
}

/**
 * A WOFF file as the plain TrueType/OpenType file it wraps (tables inflated once). fontkit reads WOFF
 * directly but inflates a table on every access, which makes laying out one stamp take seconds.
 */
export function sfntOf(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') return woff;
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compressed = woff.readUInt32BE(at + 8);
    const length = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compressed);
    return {
      tag: woff.subarray(at, at + 4),
      checksum: woff.readUInt32BE(at + 16),
      data: compressed < length ? inflateSync(raw) : raw,
    };
  });
  const padded = (n: number) => (n + 3) & ~3;
  const out = Buffer.alloc(12 + 16 * count + tables.reduce((sum, t) => sum + padded(t.data.length), 0));
  let power = 1;
  let log = 0;
  while (power * 2 <= count) {
    power *= 2;
    log++;
  }
  out.writeUInt32BE(woff.readUInt32BE(4), 0);
  out.writeUInt16BE(count, 4);
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(log, 8);
  out.writeUInt16BE(count * 16 - power * 16, 10);
  let offset = 12 + 16 * count;
  tables.forEach((table, i) => {
    const at = 12 + 16 * i;
    table.tag.copy(out, at);
    out.writeUInt32BE(table.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(table.data.length, at + 12);
    table.data.copy(out, offset);
    offset += padded(table.data.length);
  });
  return out;
}
