import { createHash } from 'node:crypto';
import {
  EncryptedPDFError,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFFont,
  PDFName,
  PDFObject,
  PDFPage,
  PDFRef,
} from 'pdf-lib';
import { stampFont, stampFontkit } from './stamp-font';
import { placeStamp, STAMP_OPACITY, STAMP_RGB, StampFacts, stampLines, StampUnsupported } from './stamp-text';

const FONT_NAME = 'PorticoWmF';
const STATE_NAME = 'PorticoWmG';

/** Diagonal, centred, semi-transparent lines across the page's visible area, as content operators. */
function stampOperators(page: PDFPage, font: PDFFont, lines: string[]): string {
  const box = page.getCropBox();
  const { size, angle, lines: placed } = placeStamp(box.width, box.height, lines);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const f = (n: number) => n.toFixed(3);
  const ops = ['q', `/${STATE_NAME} gs`, `${STAMP_RGB.join(' ')} rg`, 'BT', `/${FONT_NAME} ${f(size)} Tf`];
  for (const line of placed) {
    ops.push(`${f(cos)} ${f(sin)} ${f(-sin)} ${f(cos)} ${f(box.x + line.x)} ${f(box.y + line.y)} Tm`);
    ops.push(`${font.encodeText(line.text).toString()} Tj`);
  }
  ops.push('ET', 'Q');
  return ops.join('\n');
}

/**
 * Adds the stamp to every page by changing only the page objects and adding new ones: the page gets
 * its own Resources (a shallow copy of the inherited or shared one, plus our font and transparency)
 * and its contents are wrapped `q … Q` so the page's graphics state cannot move or hide the stamp.
 * Returns the refs of the pages changed.
 */
async function stampPages(doc: PDFDocument, facts: StampFacts): Promise<PDFRef[]> {
  const context = doc.context;
  // A subset of the stamp font with the glyphs of these lines: they are encoded before it is embedded.
  doc.registerFontkit(stampFontkit);
  const font = await doc.embedFont(stampFont().bytes, { subset: true });
  const lines = stampLines(facts);
  lines.forEach((line) => font.encodeText(line));
  await font.embed();
  const state = context.register(context.obj({ Type: 'ExtGState', ca: STAMP_OPACITY, CA: STAMP_OPACITY }));
  const open = context.register(context.stream('q\n'));
  const changed: PDFRef[] = [];
  for (const page of doc.getPages()) {
    const node = page.node;
    const inherited = node.Resources();
    const resources = inherited ? inherited.clone(context) : context.obj({});
    resources.set(PDFName.Font, withEntry(context, resources, PDFName.Font, FONT_NAME, font.ref));
    resources.set(PDFName.of('ExtGState'), withEntry(context, resources, 'ExtGState', STATE_NAME, state));
    node.set(PDFName.Resources, resources);
    const stamp = context.register(context.flateStream(`Q\n${stampOperators(page, font, lines)}\n`));
    const contents = context.obj([open]) as PDFArray;
    const existing = node.get(PDFName.Contents);
    const resolved = existing ? context.lookup(existing) : undefined;
    if (resolved instanceof PDFArray) resolved.asArray().forEach((item) => contents.push(item));
    else if (existing) contents.push(existing);
    contents.push(stamp);
    node.set(PDFName.Contents, contents);
    changed.push(page.ref);
  }
  return changed;
}

function withEntry(
  context: PDFDocument['context'],
  resources: PDFDict,
  key: PDFName | string,
  name: string,
  ref: PDFRef,
): PDFDict {
  const current = resources.lookupMaybe(typeof key === 'string' ? PDFName.of(key) : key, PDFDict);
  const dict = current ? current.clone(context) : context.obj({});
  dict.set(PDFName.of(name), ref);
  return dict;
}

/** A stamped copy: the bytes as parts (written in order), their total size and SHA-256. */
export interface StampedCopy {
  parts: Uint8Array[];
  size: number;
  sha256: string;
}

export function finish(parts: Uint8Array[]): StampedCopy {
  const hash = createHash('sha256');
  parts.forEach((part) => hash.update(part));
  return { parts, size: parts.reduce((sum, part) => sum + part.length, 0), sha256: hash.digest('hex') };
}

async function load(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    if (error instanceof EncryptedPDFError) throw new StampUnsupported('The PDF is encrypted');
    throw new StampUnsupported(`The PDF cannot be read: ${(error as Error).message}`);
  }
}

/**
 * Stamps a PDF as an incremental update: the original bytes stay as they are (and are not copied —
 * they are the first part of the result), followed by the changed pages, the new objects and an xref
 * section pointing back at the original's. Pass a Buffer: pdf-lib takes stream contents with the
 * input's `slice`, which for a Buffer is a view, so the file is held in memory once (bench/watermark).
 */
export async function stampPdf(original: Uint8Array, facts: StampFacts): Promise<StampedCopy> {
  const prev = lastStartXref(original);
  const doc = await load(original);
  const context = doc.context;
  // pdf-lib does not register object and xref streams it has unpacked; new objects must not reuse their numbers.
  context.largestObjectNumber = Math.max(context.largestObjectNumber, largestObjectNumberIn(original));
  const firstNew = context.largestObjectNumber + 1;
  const pages = await stampPages(doc, facts);
  const written = new Map<number, [PDFRef, PDFObject]>();
  for (const ref of pages) written.set(ref.objectNumber, [ref, context.lookup(ref)!]);
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (ref.objectNumber >= firstNew) written.set(ref.objectNumber, [ref, object]);
  }
  const tail = incrementalSection(
    original,
    [...written.values()].sort(([a], [b]) => a.objectNumber - b.objectNumber),
    prev,
    context,
  );
  return finish([original, tail]);
}

/** The largest `N G obj` header number in the file (a stray match in binary data only raises it). */
function largestObjectNumberIn(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const isSpace = (b: number) =>
    b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
  const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
  let largest = 0;
  for (let at = buffer.indexOf('obj'); at >= 0; at = buffer.indexOf('obj', at + 3)) {
    let i = at - 1;
    if (i < 0 || !isSpace(buffer[i])) continue;
    while (i >= 0 && isSpace(buffer[i])) i--;
    if (i < 0 || !isDigit(buffer[i])) continue;
    while (i >= 0 && isDigit(buffer[i])) i--;
    if (i < 0 || !isSpace(buffer[i])) continue;
    while (i >= 0 && isSpace(buffer[i])) i--;
    const end = i + 1;
    while (i >= 0 && isDigit(buffer[i])) i--;
    if (end - (i + 1) < 1 || end - (i + 1) > 7) continue;
    const number = Number(buffer.toString('latin1', i + 1, end));
    // PDF readers allow at most 8,388,607 objects; a larger "number" is binary noise.
    if (number < 8_388_607 && number > largest) largest = number;
  }
  return largest;
}

function lastStartXref(bytes: Uint8Array): number {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    .subarray(Math.max(0, bytes.length - 4096))
    .toString('latin1');
  const matches = [...tail.matchAll(/startxref\s+(\d+)/g)];
  const offset = matches.length ? Number(matches[matches.length - 1][1]) : NaN;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= bytes.length) {
    throw new StampUnsupported('The PDF has no usable cross-reference offset');
  }
  return offset;
}

function incrementalSection(
  original: Uint8Array,
  objects: [PDFRef, PDFObject][],
  prev: number,
  context: PDFDocument['context'],
): Uint8Array {
  const chunks: Buffer[] = [];
  let offset = original.length;
  const push = (chunk: Buffer) => {
    chunks.push(chunk);
    offset += chunk.length;
  };
  // An original that does not end in a line break would glue our first object to its %%EOF.
  push(Buffer.from('\n'));
  const offsets: [PDFRef, number][] = [];
  for (const [ref, object] of objects) {
    offsets.push([ref, offset]);
    const body = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(body, 0);
    push(
      Buffer.concat([
        Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`),
        body,
        Buffer.from('\nendobj\n'),
      ]),
    );
  }
  const xrefAt = offset;
  const lines = ['xref'];
  for (let i = 0; i < offsets.length;) {
    let j = i;
    while (j + 1 < offsets.length && offsets[j + 1][0].objectNumber === offsets[j][0].objectNumber + 1) j++;
    lines.push(`${offsets[i][0].objectNumber} ${j - i + 1}`);
    for (let k = i; k <= j; k++) {
      const [ref, at] = offsets[k];
      lines.push(`${String(at).padStart(10, '0')} ${String(ref.generationNumber).padStart(5, '0')} n `);
    }
    i = j + 1;
  }
  const info = context.trailerInfo;
  const trailer = context.obj({ Size: context.largestObjectNumber + 1, Prev: prev });
  if (info.Root) trailer.set(PDFName.of('Root'), info.Root);
  if (info.Info) trailer.set(PDFName.of('Info'), info.Info);
  if (info.ID) trailer.set(PDFName.of('ID'), info.ID);
  lines.push('trailer', trailer.toString(), 'startxref', String(xrefAt), '%%EOF', '');
  push(Buffer.from(lines.join('\n'), 'latin1'));
  return Buffer.concat(chunks);
}
