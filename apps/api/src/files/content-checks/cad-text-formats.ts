/**
 * Structure checks of the text CAD formats beyond their first line, on the first bytes of the file
 * (`head`, complete lines only) and its last bytes (`tail`), and a scan of the whole file for
 * markup a browser or script host would act on.
 */

// Markup that has no business in a drawing and that a browser sniffing the bytes would run.
const MARKUP = /<\s*(?:script|html|body|iframe|object|embed|svg|meta|!doctype|\?php)\b|javascript:/i;
const MARKUP_CARRY = 64;

/** Reports the first HTML or script marker in a text file, scanning it as it streams past. */
export class MarkupScanner {
  private carry = '';
  private found: string | null = null;

  feed(chunk: Buffer): void {
    if (this.found) return;
    const text = this.carry + chunk.toString('latin1');
    const match = MARKUP.exec(text);
    if (match) this.found = match[0].replace(/\s+/g, '');
    this.carry = text.slice(-MARKUP_CARRY);
  }

  end(): string | null {
    return this.found;
  }
}

/** The lines of `head` that are complete: the last one is cut unless the head is the whole file. */
function completeLines(head: string, wholeFile: boolean): string[] {
  const lines = head.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').split(/\r?\n/);
  if (!wholeFile) lines.pop();
  return lines;
}

const DXF_SECTIONS = new Set([
  'HEADER',
  'CLASSES',
  'TABLES',
  'BLOCKS',
  'ENTITIES',
  'OBJECTS',
  'THUMBNAILIMAGE',
  'ACDSDATA',
]);

/**
 * ASCII DXF: the file is group-code/value line pairs; it opens with `0 SECTION` followed by `2 <name>`
 * of a known section (999 comments allowed before), every code in the head is an integer of at
 * most 4 digits, and the file ends with `0 EOF`.
 */
export function dxfStructureProblem(head: string, wholeFile: boolean, tail: string): string | null {
  if (head.startsWith('AutoCAD Binary DXF\r\n\x1a\0')) return null;
  const lines = completeLines(head, wholeFile);
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const code = lines[i].trim();
    if (!/^-?\d{1,4}$/.test(code)) {
      return `line ${i + 1} should be a DXF group code but is ${JSON.stringify(lines[i].slice(0, 40))}`;
    }
    pairs.push([code, lines[i + 1].trim()]);
  }
  const meaningful = pairs.filter(([code]) => code !== '999');
  if (meaningful.length < 2) return 'no DXF section in the first bytes';
  const [[code0, value0], [code1, value1]] = meaningful;
  if (code0 !== '0' || value0 !== 'SECTION') return 'the DXF does not open with a SECTION';
  if (code1 !== '2' || !DXF_SECTIONS.has(value1)) return `unknown DXF section ${JSON.stringify(value1)}`;
  const last = tail.replace(/[\s\x1a\0]+$/, '').split(/\r?\n/);
  if (last.length < 2 || last[last.length - 2].trim() !== '0' || last[last.length - 1].trim() !== 'EOF') {
    return 'the DXF does not end with 0/EOF';
  }
  return null;
}

/**
 * STEP (ISO 10303-21): `ISO-10303-21;`, then `HEADER;` with FILE_DESCRIPTION, FILE_NAME and
 * FILE_SCHEMA in that order, `ENDSEC;`, a `DATA;` section, and `END-ISO-10303-21;` at the end.
 */
export function stepStructureProblem(head: string, _wholeFile: boolean, tail: string): string | null {
  const text = head.replace(/\/\*[\s\S]*?\*\//g, ' ');
  const order = [
    'ISO-10303-21;',
    'HEADER;',
    'FILE_DESCRIPTION',
    'FILE_NAME',
    'FILE_SCHEMA',
    'ENDSEC;',
    'DATA;',
  ];
  let at = 0;
  for (const keyword of order) {
    const found = text.indexOf(keyword, at);
    if (found === -1) return `the STEP header has no ${keyword.replace(';', '')} where expected`;
    at = found + keyword.length;
  }
  if (!/END-ISO-10303-21;\s*$/.test(tail)) return 'the STEP file does not end with END-ISO-10303-21;';
  return null;
}

const IGES_SECTIONS = 'SGDPT';

/**
 * IGES fixed form: 80-column records, column 73 the section letter (Start, Global, Directory,
 * Parameter, Terminate) in that order, columns 74–80 a sequence number counting up from 1 in each
 * section; the last record is the Terminate one. The compressed form (C) is only checked for its
 * first line.
 */
export function igesStructureProblem(head: string, wholeFile: boolean, tail: string): string | null {
  const lines = completeLines(head, wholeFile).filter((line, i, all) => line || i < all.length - 1);
  if (lines[0]?.[72] === 'C') return null;
  let section = 0;
  let expected = 1;
  for (const [i, line] of lines.entries()) {
    if (line.length !== 80) return `record ${i + 1} is ${line.length} columns, not 80`;
    const letter = IGES_SECTIONS.indexOf(line[72]);
    const seq = Number(line.slice(73));
    if (letter === -1) return `record ${i + 1} has no IGES section letter in column 73`;
    if (letter < section) return `record ${i + 1} is out of section order`;
    if (letter > section) [section, expected] = [letter, 1];
    if (!Number.isInteger(seq) || seq !== expected)
      return `record ${i + 1} has sequence number ${line.slice(73).trim()}, not ${expected}`;
    expected++;
  }
  const last =
    tail
      .replace(/[\s\x1a\0]+$/, '')
      .split(/\r?\n/)
      .pop() ?? '';
  if (last.length < 80 || last[last.length - 8] !== 'T')
    return 'the IGES file does not end with a Terminate record';
  return null;
}
