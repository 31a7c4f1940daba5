/** Longest file name we store, in Unicode code points. */
export const MAX_FILE_NAME_LENGTH = 200;

// Control characters, and invisible formatting characters such as U+202E RIGHT-TO-LEFT OVERRIDE
// that make "drawing\u202Efdp.exe" display as "drawingexe.pdf".
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
// Characters Windows refuses in names, besides path separators.
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
// Device names Windows reserves whatever the extension ("CON.pdf" opens the console).
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * The name a revision is stored and offered for download under: the last path segment of what
 * the client sent, without invisible or Windows-forbidden characters, leading dots, trailing dots
 * or spaces, or a reserved device name, cut to 200 code points keeping the extension.
 * Returns '' when nothing usable is left.
 */
export function sanitiseFileName(raw: string): string {
  let name = raw.normalize('NFC').replace(INVISIBLE, '');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    .replace(WINDOWS_FORBIDDEN, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  const dot = name.lastIndexOf('.');
  let base = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  if (WINDOWS_RESERVED.test(base.split('.')[0].trim())) base = `_${base}`;
  const room = MAX_FILE_NAME_LENGTH - [...extension].length;
  if ([...base].length > room) base = [...base].slice(0, Math.max(room, 1)).join('').trimEnd();
  return `${base}${extension}`;
}

/** Lower-case extension without the dot, or '' when the name has none. */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}
