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
 * A WOFF file as the plain TrueType file it wraps (tables inflated once: fontkit reads WOFF directly but
 * inflates a table on every access, which makes laying out one stamp take seconds), with every glyph
 * padded to 4 bytes. fontkit's subsetter copies glyphs as they are and writes short offsets for a small
 * subset, which halves them: one odd-length glyph (this font has many) shifts all that follow, and PDF
 * viewers then draw only some letters of the stamp.
 */
export function sfntOf(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('The stamp font is not a WOFF file');
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < woff.readUInt16BE(12); i++) {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compressed = woff.readUInt32BE(at + 8);
    const raw = woff.subarray(offset, offset + compressed);
    tables.set(
      woff.toString('latin1', at, at + 4),
      compressed < woff.readUInt32BE(at + 12) ? inflateSync(raw) : raw,
    );
  }
  padGlyphs(tables);
  return sfnt(woff.readUInt32BE(4), tables);
}

/** Rewrites `glyf` with each glyph padded to 4 bytes and `loca` in the long format (`head` says so). */
function padGlyphs(tables: Map<string, Buffer>): void {
  const head = Buffer.from(tables.get('head')!);
  const glyf = tables.get('glyf')!;
  const loca = tables.get('loca')!;
  const count = tables.get('maxp')!.readUInt16BE(4);
  const long = head.readInt16BE(50) === 1;
  const offsetOf = (i: number) => (long ? loca.readUInt32BE(i * 4) : loca.readUInt16BE(i * 2) * 2);
  const parts: Buffer[] = [];
  const offsets = Buffer.alloc((count + 1) * 4);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const data = glyf.subarray(offsetOf(i), offsetOf(i + 1));
    const padded = (data.length + 3) & ~3;
    offsets.writeUInt32BE(at, i * 4);
    parts.push(data, Buffer.alloc(padded - data.length));
    at += padded;
  }
  offsets.writeUInt32BE(at, count * 4);
  head.writeInt16BE(1, 50);
  tables.set('head', head);
  tables.set('glyf', Buffer.concat(parts));
  tables.set('loca', offsets);
}

/** An OpenType file of these tables (checksums left 0: nothing reading it checks them). */
function sfnt(flavor: number, tables: Map<string, Buffer>): Buffer {
  const count = tables.size;
  const padded = (n: number) => (n + 3) & ~3;
  const out = Buffer.alloc(
    12 + 16 * count + [...tables.values()].reduce((sum, t) => sum + padded(t.length), 0),
  );
  let power = 1;
  let log = 0;
  while (power * 2 <= count) {
    power *= 2;
    log++;
  }
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(count, 4);
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(log, 8);
  out.writeUInt16BE(count * 16 - power * 16, 10);
  let offset = 12 + 16 * count;
  [...tables.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .forEach(([tag, data], i) => {
      const at = 12 + 16 * i;
      out.write(tag, at, 'latin1');
      out.writeUInt32BE(offset, at + 8);
      out.writeUInt32BE(data.length, at + 12);
      data.copy(out, offset);
      offset += padded(data.length);
    });
  return out;
}
