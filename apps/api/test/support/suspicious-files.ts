import { deflateSync } from 'node:zlib';

/**
 * Files that are more (or less) than they claim, built byte by byte so each test says what is in
 * them. Used by the content-check unit tests and the upload e2e tests.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG declaring width × height (8-bit greyscale); its IDAT holds `rows` real rows at most. */
export function png(width: number, height: number, rows = height): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const scanlines = Buffer.alloc(Math.min(rows, height) * (width + 1), 0);
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(scanlines)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A ZIP archive with one stored (uncompressed) entry. */
export function zip(name: string, content: Buffer): Buffer {
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(content), 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc32(content), 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const centralAt = local.length + fileName.length + content.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([local, fileName, content, central, fileName, end]);
}

/** A baseline JPEG skeleton: SOI, APP0, SOF0 with the size, SOS, entropy data, EOI. */
export function jpeg(
  width: number,
  height: number,
  entropy = Buffer.from('12ff0034ffd05678', 'hex'),
): Buffer {
  const segment = (marker: number, data: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(data.length + 2, 2);
    return Buffer.concat([head, data]);
  };
  const sof = Buffer.from([8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xc0, sof),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    entropy,
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A 1 × 1 GIF89a, optionally declaring another logical screen size. */
export function gif(width = 1, height = 1): Buffer {
  const data = Buffer.from('47494638396101000100800000000000ffffff2c00000000010001000002024401003b', 'hex');
  data.writeUInt16LE(width, 6);
  data.writeUInt16LE(height, 8);
  return data;
}

/** A lossless WebP header (VP8L) of width × height; the RIFF length covers exactly the file. */
export function webp(width: number, height: number): Buffer {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  const vp8l = Buffer.alloc(10);
  vp8l[0] = 0x2f;
  vp8l.writeUInt32LE(bits, 1);
  const chunkHead = Buffer.concat([Buffer.from('VP8L', 'latin1'), Buffer.from([10, 0, 0, 0])]);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), chunkHead, vp8l]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** A one-page PDF whose catalog and extra objects are given as PDF source text. */
export function pdfWith(catalogExtra = '', ...objects: string[]): Buffer {
  const body = [
    '%PDF-1.7',
    '%\xe2\xe3\xcf\xd3',
    `1 0 obj << /Type /Catalog /Pages 2 0 R ${catalogExtra} >> endobj`,
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj',
    ...objects,
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n');
  return Buffer.from(body, 'latin1');
}

/** A PDF object stream (/Type /ObjStm) holding `objects`, compressed with `filter`. */
export function objectStream(
  number: number,
  objects: string,
  filter: 'FlateDecode' | 'ASCIIHexDecode' = 'FlateDecode',
) {
  const data =
    filter === 'FlateDecode'
      ? deflateSync(Buffer.from(objects, 'latin1'))
      : Buffer.from(Buffer.from(objects).toString('hex') + '>');
  return `${number} 0 obj << /Type /ObjStm /N 1 /First 0 /Length ${data.length} /Filter /${filter} >>\nstream\n${data.toString('latin1')}\nendstream\nendobj`;
}

/** The EICAR anti-virus test string (assembled here so the source file itself is not flagged). */
export const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');

export const DXF = [
  '999',
  'written by the test suite',
  '0',
  'SECTION',
  '2',
  'HEADER',
  '9',
  '$ACADVER',
  '1',
  'AC1015',
  '0',
  'ENDSEC',
  '0',
  'SECTION',
  '2',
  'ENTITIES',
  '0',
  'LINE',
  '8',
  '0',
  '10',
  '0.0',
  '20',
  '0.0',
  '11',
  '100.0',
  '21',
  '50.0',
  '0',
  'ENDSEC',
  '0',
  'EOF',
  '',
].join('\r\n');

export const STEP = [
  'ISO-10303-21;',
  'HEADER;',
  "FILE_DESCRIPTION(('bracket'),'2;1');",
  "FILE_NAME('bracket.step','2026-12-07T04:00:00',('Acme'),('Acme'),'','','');",
  "FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));",
  'ENDSEC;',
  'DATA;',
  "#1=CARTESIAN_POINT('',(0.,0.,0.));",
  'ENDSEC;',
  'END-ISO-10303-21;',
  '',
].join('\n');

const igesRecord = (text: string, section: string, seq: number) =>
  `${text.slice(0, 72).padEnd(72)}${section}${String(seq).padStart(7)}`;

export const IGES = [
  igesRecord('Bracket exported for the test suite', 'S', 1),
  igesRecord('1H,,1H;,7HBRACKET,11Hbracket.igs,4HTEST,3H1.0,32,38,6,308,15;', 'G', 1),
  igesRecord('     110       1       0       0       0       0       0       000000000', 'D', 1),
  igesRecord('     110       0       0       1       0                        LINE       0', 'D', 2),
  igesRecord('110,0.,0.,0.,100.,50.,0.;                                              1', 'P', 1),
  igesRecord('S      1G      1D      2P      1', 'T', 1),
  '',
].join('\n');
