import { inflateSync } from 'node:zlib';

/** Kinds of PDF content that act on their own when the document is opened or clicked. */
export type PdfFinding =
  'javascript' | 'launch' | 'rich-media' | 'xfa' | 'embedded-file' | 'open-action' | 'uninspectable';

const FINDING_OF_NAME: Readonly<Record<string, PdfFinding>> = {
  JavaScript: 'javascript',
  JS: 'javascript',
  Launch: 'launch',
  RichMedia: 'rich-media',
  XFA: 'xfa',
  EmbeddedFile: 'embedded-file',
  EmbeddedFiles: 'embedded-file',
  OpenAction: 'open-action',
  AA: 'open-action',
};

// A name: slash, then regular characters (PDF 32000-1 §7.3.5); #xx escapes are decoded before matching.
const NAME = /\/([^\x00\t\n\f\r /[\]<>(){}%]*)/g;
// `stream` after a dictionary, with its required end-of-line.
const STREAM_START = />>\s*stream(?:\r\n|\r|\n)/g;
// The end of stream data: the keyword, or the start of a new object should a `stream` be fake.
const STREAM_END = /endstream|\b\d{1,10}\s+\d{1,5}\s+obj\b/g;
const CARRY = 256;
const DICTIONARY_LOOKBACK = 16 * 1024;
const MAX_OBJECT_STREAM_BYTES = 32 * 1024 * 1024;
const MAX_INFLATED_BYTES = 128 * 1024 * 1024;

const decodeName = (raw: string) =>
  raw.replace(/#([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * Finds active content in a PDF while it streams past, in constant memory (bounded by the largest
 * object stream). What it covers:
 * - every name outside stream data (objects in the file body, trailers), `#xx` escapes decoded;
 * - names inside object streams (`/Type /ObjStm`), which hold compressed objects since PDF 1.5,
 *   when FlateDecode-compressed (as every mainstream writer does): they are inflated and scanned;
 * - an object stream it cannot read (another filter, encrypted, corrupt, over 32 MiB) is reported as
 *   `uninspectable`, since active content could hide there.
 * Other stream data (page content, images, fonts) is skipped: names there are drawing operands, not
 * actions, and compressed bytes would give false matches. Names inside string literals are counted
 * too — a false alarm at worst, never a miss.
 */
export class PdfActiveContentScanner {
  readonly findings = new Set<PdfFinding>();
  private text = '';
  private recent = '';
  private inStream = false;
  private objectStream: { chunks: Buffer[]; length: number; filters: string[] } | null = null;

  feed(chunk: Buffer): void {
    this.text += chunk.toString('latin1');
    this.process(false);
  }

  end(): Set<PdfFinding> {
    this.process(true);
    return this.findings;
  }

  private process(ended: boolean): void {
    let at = 0;
    for (;;) {
      if (!this.inStream) {
        STREAM_START.lastIndex = at;
        const start = STREAM_START.exec(this.text);
        if (!start) {
          const upTo = ended ? this.text.length : this.cutBefore(at);
          this.scanNames(this.text.slice(at, upTo));
          this.text = this.text.slice(upTo);
          return;
        }
        const dictionaryEnd = start.index + 2;
        this.scanNames(this.text.slice(at, dictionaryEnd));
        this.openStream();
        at = start.index + start[0].length;
      } else {
        STREAM_END.lastIndex = at;
        const end = STREAM_END.exec(this.text);
        const dataEnd = end ? end.index : ended ? this.text.length : Math.max(at, this.text.length - CARRY);
        this.capture(this.text.slice(at, dataEnd));
        if (!end) {
          if (ended) this.closeStream();
          this.text = this.text.slice(dataEnd);
          return;
        }
        this.closeStream();
        at = end[0] === 'endstream' ? end.index + end[0].length : end.index;
      }
    }
  }

  /** Where to stop for now: CARRY characters before the end, and never inside a name. */
  private cutBefore(at: number): number {
    const cut = this.text.length - CARRY;
    if (cut <= at) return at;
    const nameStart = this.text.lastIndexOf('/', cut);
    return nameStart > at && cut - nameStart < CARRY ? nameStart : cut;
  }

  private scanNames(segment: string): void {
    this.recent = (this.recent + segment).slice(-DICTIONARY_LOOKBACK);
    for (const match of segment.matchAll(NAME)) {
      const finding = FINDING_OF_NAME[decodeName(match[1])];
      if (finding) this.findings.add(finding);
    }
  }

  /** Looks at the dictionary before `stream`: an object stream's data is kept to be inflated. */
  private openStream(): void {
    this.inStream = true;
    const objectStart = this.recent.lastIndexOf(' obj');
    const dictionary = this.recent.slice(objectStart === -1 ? 0 : objectStart);
    const names = [...dictionary.matchAll(NAME)].map((m) => decodeName(m[1]));
    if (names.some((name, i) => name === 'Type' && names[i + 1] === 'ObjStm')) {
      this.objectStream = {
        chunks: [],
        length: 0,
        filters: names.filter((n) => n.endsWith('Decode') && n !== 'Decode'),
      };
    }
    this.recent = '';
  }

  private capture(data: string): void {
    const stream = this.objectStream;
    if (!stream || !data) return;
    stream.length += data.length;
    if (stream.length > MAX_OBJECT_STREAM_BYTES) {
      this.findings.add('uninspectable');
      this.objectStream = null;
      return;
    }
    stream.chunks.push(Buffer.from(data, 'latin1'));
  }

  private closeStream(): void {
    this.inStream = false;
    const stream = this.objectStream;
    this.objectStream = null;
    if (!stream) return;
    const data = Buffer.concat(stream.chunks);
    const filters = stream.filters;
    if (filters.length === 0) return this.scanObjects(data.toString('latin1'));
    if (filters.length !== 1 || filters[0] !== 'FlateDecode') {
      this.findings.add('uninspectable');
      return;
    }
    try {
      const inflated = inflateSync(data, {
        maxOutputLength: MAX_INFLATED_BYTES,
        finishFlush: 2, // Z_SYNC_FLUSH: a stream cut short still yields what it holds
      });
      this.scanObjects(inflated.toString('latin1'));
    } catch {
      this.findings.add('uninspectable');
    }
  }

  /** Objects inside an object stream are plain dictionaries: every name counts. */
  private scanObjects(text: string): void {
    for (const match of text.matchAll(NAME)) {
      const finding = FINDING_OF_NAME[decodeName(match[1])];
      if (finding) this.findings.add(finding);
    }
  }
}
