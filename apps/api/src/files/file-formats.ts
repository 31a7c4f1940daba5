import { fromBuffer } from 'file-type';

/** Every format Portico may accept, with the content type it is stored and served as. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  dwg: 'image/vnd.dwg',
  dxf: 'image/vnd.dxf',
  step: 'model/step',
  stp: 'model/step',
  igs: 'model/iges',
  iges: 'model/iges',
  stl: 'model/stl',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  zip: 'application/zip',
};

/** Formats a browser may render in a tab; everything else is only ever served as an attachment. */
export const INLINE_PREVIEWABLE = new Set(['pdf', 'png', 'jpg', 'jpeg']);

export function contentTypeOf(extension: string): string {
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

// Zip-based containers file-type names by what is inside; all are valid .zip archives.
const ZIP_CONTAINERS = new Set([
  'zip',
  'docx',
  'xlsx',
  'pptx',
  'epub',
  'jar',
  '3mf',
  'odt',
  'ods',
  'odp',
  'xpi',
  'apk',
]);

/**
 * Whether the first bytes of a stored object (and its size, for binary STL) fit its extension.
 * Binary formats go by file-type's signatures; DWG, DXF, STEP, IGES and STL by their documented
 * header line or layout, which file-type does not know.
 */
export async function contentMatchesExtension(
  extension: string,
  head: Buffer,
  size: number,
): Promise<boolean> {
  const detected = await fromBuffer(head);
  const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  switch (extension) {
    case 'pdf':
      return detected?.ext === 'pdf';
    case 'png':
      return detected?.ext === 'png';
    case 'jpg':
    case 'jpeg':
      return detected?.ext === 'jpg';
    case 'zip':
      return detected !== undefined && ZIP_CONTAINERS.has(detected.ext);
    case 'dwg':
      // "AC1015" (R2000) … "AC1032" (R2018): version string in the first six bytes.
      return /^AC10\d\d/.test(text);
    case 'dxf':
      return (
        text.startsWith('AutoCAD Binary DXF\r\n\x1a\0') ||
        /^\s*(?:999\r?\n[^\n]*\n\s*)?0\r?\nSECTION\r?\n/.test(text)
      );
    case 'step':
    case 'stp':
      return /^\s*ISO-10303-21;/.test(text);
    case 'igs':
    case 'iges':
      return isIges(text);
    case 'stl':
      return (
        isBinaryStl(head, size) ||
        /^\s*solid[\s\S]*?facet\s/.test(text) ||
        /^\s*solid\s*\S*\s*\r?\n?\s*endsolid/.test(text)
      );
    default:
      return false;
  }
}

/** IGES: fixed 80-column records; the first is a Start (S) or compressed (C) section line number 1. */
function isIges(text: string): boolean {
  const firstLine = text.split(/\r?\n/, 1)[0];
  return firstLine.length >= 80 && /^[SC]\s*0*1$/.test(firstLine.slice(72, 80));
}

/** Binary STL: 80-byte header, uint32 triangle count, 50 bytes per triangle — nothing else. */
function isBinaryStl(head: Buffer, size: number): boolean {
  if (head.length < 84) return false;
  return size === 84 + 50 * head.readUInt32LE(80);
}
