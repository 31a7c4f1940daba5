import { domainToASCII } from 'node:url';
import { drawsChar, stampFont } from './stamp-font';

/** What a stamp says: who took the copy, for whom, when and of what. */
export interface StampFacts {
  organisation: string;
  email: string;
  at: Date;
  documentNumber: string;
  revisionLabel: string | null;
  /** The transmittal number when the bytes are handed out as part of one (`ACME-T-0001`). */
  transmittal?: string | null;
}

/** What was taken: the document, its revision and the transmittal it came with, if any. */
export type StampSubject = Pick<StampFacts, 'documentNumber' | 'revisionLabel' | 'transmittal'>;

/** The stamp's content cannot be produced for this file (encrypted or unreadable PDF, image too large). */
export class StampUnsupported extends Error {}

/** Red at 22 % opacity, the same on pages and on pixels. */
export const STAMP_RGB: [number, number, number] = [0.8, 0.1, 0.1];
export const STAMP_OPACITY = 0.22;

/** What the copy is labelled as: `ACME-T-0001 · Rev C` inside a transmittal, else `Rev C`. */
export function stampLabel(facts: Pick<StampFacts, 'revisionLabel' | 'transmittal'>): string {
  return [facts.transmittal, facts.revisionLabel ? `Rev ${facts.revisionLabel}` : null]
    .filter(Boolean)
    .join(' · ');
}

/** The stamp's lines, in the order drawn (top to bottom), as the stamp font can draw them. */
export function stampLines(facts: StampFacts): string[] {
  const time = facts.at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const what = [facts.documentNumber, stampLabel(facts)].filter(Boolean).join(' · ');
  const email = drawable(facts.email.normalize('NFC'));
  return [
    drawable(facts.organisation),
    email.includes('<') ? drawable(asciiEmail(facts.email)) : email,
    `${time} · ${drawable(what)}`,
  ];
}

/** An internationalised domain in its ASCII (punycode) form, for a domain the font cannot draw. */
function asciiEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return email;
  const domain = domainToASCII(email.slice(at + 1));
  return `${email.slice(0, at)}@${domain || email.slice(at + 1)}`;
}

/**
 * Text the stamp font can draw: characters it lacks (rare ideographs, scripts other than Latin and
 * Chinese) are written as their code points (`<20BB7>`), which identify them exactly; control
 * characters are dropped.
 */
export function drawable(text: string): string {
  let out = '';
  let pending: string[] = [];
  const flush = () => {
    if (pending.length) out += `<${pending.join(' ')}>`;
    pending = [];
  };
  for (const char of text.normalize('NFC')) {
    if (/\p{Cc}/u.test(char)) continue;
    if (drawsChar(char)) {
      flush();
      out += char;
    } else {
      pending.push(char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'));
    }
  }
  flush();
  return out;
}

/** One line placed: its text, its baseline start and the rotation, in a y-up box of the given size. */
export interface PlacedLine {
  text: string;
  x: number;
  y: number;
}

export interface StampPlacement {
  size: number;
  /** Counter-clockwise from the x axis, along the box's rising diagonal (radians). */
  angle: number;
  lines: PlacedLine[];
}

/** Line spacing as a multiple of the font size. */
const LEADING = 1.3;

/** Diagonal, centred lines across a `width` × `height` box (origin bottom-left, y up). */
export function placeStamp(width: number, height: number, lines: string[]): StampPlacement {
  const { font } = stampFont();
  const widthAt1 = (line: string) => font.layout(line).advanceWidth / font.unitsPerEm;
  const widths = lines.map(widthAt1);
  const angle = Math.atan2(height, width);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const diagonal = Math.hypot(width, height);
  const widest = Math.max(...widths, 1);
  // Where each line sits across the diagonal, for a font size of 1 (everything scales with the size).
  const baseline = (index: number) => ((lines.length - 1) / 2 - index) * LEADING - 1 / 3;
  // The largest size at which every line's box (advance × ascent..descent) stays inside the page, with
  // a 5 % margin: on a wide or tall page the outer lines' ends would otherwise run off the edge.
  let fits = Infinity;
  lines.forEach((_, index) => {
    for (const u of [-widths[index] / 2, widths[index] / 2])
      for (const v of [
        baseline(index) + font.ascent / font.unitsPerEm,
        baseline(index) + font.descent / font.unitsPerEm,
      ]) {
        const dx = Math.abs(u * cos - v * sin);
        const dy = Math.abs(u * sin + v * cos);
        if (dx > 0) fits = Math.min(fits, (0.475 * width) / dx);
        if (dy > 0) fits = Math.min(fits, (0.475 * height) / dy);
      }
  });
  const size = Math.max(6, Math.min((0.8 * diagonal) / widest, height / 10, fits));
  const placed = lines.map((text, index) => {
    const u = (-widths[index] * size) / 2;
    const v = baseline(index) * size;
    return { text, x: width / 2 + u * cos - v * sin, y: height / 2 + u * sin + v * cos };
  });
  return { size, angle, lines: placed };
}
