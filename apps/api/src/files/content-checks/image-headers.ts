import { ByteParser, remainingBytes } from './byte-parser';

/** What walking an image's structure found: its pixel size and the bytes after its end marker. */
export type ImageFacts =
  { width: number; height: number; trailingBytes: number; problem?: undefined } | { problem: string };

const invalid = (format: string, why: string): ImageFacts => ({ problem: `not a valid ${format} (${why})` });

const PNG_SIGNATURE = Buffer.from('89504e470d0a1a0a', 'hex');

/** PNG: signature, IHDR first (width, height), chunks by their lengths up to IEND. */
export function* pngFacts(): ByteParser<ImageFacts> {
  if (!(yield { read: 8 }).equals(PNG_SIGNATURE)) return invalid('PNG', 'no PNG signature');
  let size: { width: number; height: number } | null = null;
  for (;;) {
    const header = yield { read: 8 };
    if (header.length < 8) return invalid('PNG', 'it ends before its IEND chunk');
    const length = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (length > 0x7fffffff) return invalid('PNG', `chunk ${type} is too long`);
    if (!size) {
      if (type !== 'IHDR' || length !== 13) return invalid('PNG', 'IHDR is not the first chunk');
      const ihdr = yield { read: 13 };
      if (ihdr.length < 13) return invalid('PNG', 'truncated IHDR');
      size = { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4) };
      yield { skip: 4 };
      continue;
    }
    yield { skip: length + 4 };
    if (type === 'IEND') break;
  }
  return { ...size, trailingBytes: yield* remainingBytes() };
}

/** Markers without a length field: TEM, RST0–7, SOI. */
const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8]);
/** Start-of-frame markers carry the image size; C4 (DHT), C8 (JPG) and CC (DAC) share the range. */
const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * JPEG: segments by their lengths; after each SOS the entropy-coded data is scanned for the next
 * marker (0xFF followed by anything but 0x00 stuffing or a restart marker), up to EOI.
 */
export function* jpegFacts(): ByteParser<ImageFacts> {
  const soi = yield { read: 2 };
  if (soi.length < 2 || soi[0] !== 0xff || soi[1] !== 0xd8) return invalid('JPEG', 'no SOI marker');
  let size: { width: number; height: number } | null = null;
  let afterScan = false;
  for (;;) {
    let marker: number;
    if (afterScan) {
      const found = yield* nextMarkerAfterScan();
      if (found === null) return invalid('JPEG', 'it ends before its EOI marker');
      marker = found;
    } else {
      const head = yield { read: 2 };
      if (head.length < 2) return invalid('JPEG', 'it ends before its EOI marker');
      if (head[0] !== 0xff) return invalid('JPEG', 'a segment does not start with a marker');
      marker = head[1];
      while (marker === 0xff) {
        const fill = yield { read: 1 };
        if (!fill.length) return invalid('JPEG', 'it ends before its EOI marker');
        marker = fill[0];
      }
    }
    if (marker === 0xd9) break;
    if (STANDALONE.has(marker)) continue;
    const lengthBytes = yield { read: 2 };
    if (lengthBytes.length < 2) return invalid('JPEG', 'truncated segment');
    const length = lengthBytes.readUInt16BE(0);
    if (length < 2) return invalid('JPEG', 'segment length below 2');
    if (isStartOfFrame(marker)) {
      const frame = yield { read: length - 2 };
      if (frame.length < 5) return invalid('JPEG', 'truncated frame header');
      const frameSize = { width: frame.readUInt16BE(3), height: frame.readUInt16BE(1) };
      // Several frames (hierarchical JPEG): the largest counts.
      if (!size || frameSize.width * frameSize.height > size.width * size.height) size = frameSize;
    } else {
      yield { skip: length - 2 };
    }
    afterScan = marker === 0xda;
  }
  if (!size) return invalid('JPEG', 'no frame header');
  return { ...size, trailingBytes: yield* remainingBytes() };
}

/** Scans entropy-coded data for the next real marker; the bytes after it are handed back. */
function* nextMarkerAfterScan(): ByteParser<number | null> {
  let pendingFF = false;
  for (;;) {
    const chunk = yield { any: true };
    if (!chunk.length) return null;
    let i = pendingFF ? 0 : chunk.indexOf(0xff);
    while (i !== -1 && i < chunk.length) {
      const at = pendingFF ? i : i + 1;
      pendingFF = false;
      if (at >= chunk.length) {
        pendingFF = true;
        break;
      }
      const next = chunk[at];
      if (next === 0xff) {
        i = at; // fill byte: the marker code follows
        continue;
      }
      if (next !== 0x00 && (next < 0xd0 || next > 0xd7)) {
        yield { unread: chunk.subarray(at + 1) };
        return next;
      }
      i = chunk.indexOf(0xff, at + 1);
    }
  }
}

/** GIF: logical screen size, then blocks (image descriptors, extensions) up to the 0x3B trailer. */
export function* gifFacts(): ByteParser<ImageFacts> {
  const header = yield { read: 13 };
  if (header.length < 13 || !/^GIF8[79]a$/.test(header.toString('latin1', 0, 6))) {
    return invalid('GIF', 'no GIF header');
  }
  let width = header.readUInt16LE(6);
  let height = header.readUInt16LE(8);
  if (header[10] & 0x80) yield { skip: 3 * 2 ** ((header[10] & 7) + 1) };
  for (;;) {
    const block = yield { read: 1 };
    if (!block.length) return invalid('GIF', 'it ends before its trailer');
    if (block[0] === 0x3b) break;
    if (block[0] === 0x21) {
      yield { skip: 1 };
    } else if (block[0] === 0x2c) {
      const descriptor = yield { read: 9 };
      if (descriptor.length < 9) return invalid('GIF', 'truncated image descriptor');
      // A frame may reach beyond the logical screen; decoders allocate for it all the same.
      width = Math.max(width, descriptor.readUInt16LE(0) + descriptor.readUInt16LE(4));
      height = Math.max(height, descriptor.readUInt16LE(2) + descriptor.readUInt16LE(6));
      if (descriptor[8] & 0x80) yield { skip: 3 * 2 ** ((descriptor[8] & 7) + 1) };
      yield { skip: 1 }; // LZW minimum code size
    } else {
      return invalid('GIF', `unknown block 0x${block[0].toString(16)}`);
    }
    for (;;) {
      const length = yield { read: 1 };
      if (!length.length) return invalid('GIF', 'it ends inside a block');
      if (length[0] === 0) break;
      yield { skip: length[0] };
    }
  }
  return { width, height, trailingBytes: yield* remainingBytes() };
}

/** WebP: RIFF container whose declared length ends the file; size from the VP8X, VP8L or VP8 header. */
export function* webpFacts(): ByteParser<ImageFacts> {
  const riff = yield { read: 20 };
  if (
    riff.length < 20 ||
    riff.toString('latin1', 0, 4) !== 'RIFF' ||
    riff.toString('latin1', 8, 12) !== 'WEBP'
  ) {
    return invalid('WebP', 'no RIFF/WEBP header');
  }
  const fourcc = riff.toString('latin1', 12, 16);
  const data = yield { read: 10 };
  if (data.length < 10) return invalid('WebP', 'truncated header');
  let width: number;
  let height: number;
  if (fourcc === 'VP8X') {
    width = 1 + data.readUIntLE(4, 3);
    height = 1 + data.readUIntLE(7, 3);
  } else if (fourcc === 'VP8L' && data[0] === 0x2f) {
    const bits = data.readUInt32LE(1);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
  } else if (fourcc === 'VP8 ') {
    width = data.readUInt16LE(6) & 0x3fff;
    height = data.readUInt16LE(8) & 0x3fff;
  } else {
    return invalid('WebP', `unknown first chunk ${JSON.stringify(fourcc)}`);
  }
  const declaredEnd = riff.readUInt32LE(4) + 8;
  const rest = declaredEnd - 30;
  if (rest < 0) return invalid('WebP', 'RIFF length too small');
  yield { skip: rest };
  return { width, height, trailingBytes: yield* remainingBytes() };
}
