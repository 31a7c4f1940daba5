import { StreamedParser } from './byte-parser';
import {
  dxfStructureProblem,
  igesStructureProblem,
  MarkupScanner,
  stepStructureProblem,
} from './cad-text-formats';
import { gifFacts, ImageFacts, jpegFacts, pngFacts, webpFacts } from './image-headers';
import { PdfActiveContentScanner, PdfFinding } from './pdf-active-content';

export interface InspectionLimits {
  /** Largest width × height an image may declare. */
  maxImagePixels: number;
  /** Bytes allowed after an image's end marker (some writers pad). */
  imageTrailingBytes: number;
}

export interface InspectionResult {
  /** Why the content is refused whatever the workspace's policy; null when it is sound. */
  problem: string | null;
  /** Active content found in a PDF, for the workspace's policy to decide on. */
  pdf: ReadonlySet<PdfFinding>;
}

const IMAGE_PARSERS: Readonly<Record<string, () => Generator<unknown, ImageFacts, Buffer>>> = {
  png: pngFacts,
  jpg: jpegFacts,
  jpeg: jpegFacts,
  gif: gifFacts,
  webp: webpFacts,
};

const TEXT_STRUCTURE: Readonly<
  Record<string, (head: string, wholeFile: boolean, tail: string) => string | null>
> = {
  dxf: dxfStructureProblem,
  step: stepStructureProblem,
  stp: stepStructureProblem,
  igs: igesStructureProblem,
  iges: igesStructureProblem,
};

const TAIL_BYTES = 512;

/**
 * The content checks of one upload, fed the stored object chunk by chunk while it is hashed
 * (storage.service.ts digestObject), so each upload is read once whatever its size.
 */
export class ContentInspection {
  private readonly image?: StreamedParser<ImageFacts>;
  private readonly pdf?: PdfActiveContentScanner;
  private readonly markup?: MarkupScanner;
  private tail = Buffer.alloc(0);

  constructor(
    private readonly extension: string,
    private readonly limits: InspectionLimits,
  ) {
    const imageParser = IMAGE_PARSERS[extension];
    if (imageParser) this.image = new StreamedParser(imageParser() as ReturnType<typeof pngFacts>);
    if (extension === 'pdf') this.pdf = new PdfActiveContentScanner();
    // ASCII STL is text too; binary STL and binary DXF are not (a stray "<svg" in floats means nothing).
    if (TEXT_STRUCTURE[extension] || extension === 'stl') this.markup = new MarkupScanner();
  }

  feed(chunk: Buffer): void {
    this.image?.feed(chunk);
    this.pdf?.feed(chunk);
    this.markup?.feed(chunk);
    this.tail = Buffer.concat([this.tail, chunk.subarray(-TAIL_BYTES)]).subarray(-TAIL_BYTES);
  }

  /** `head` is the object's first bytes; `size` its length. */
  end(head: Buffer, size: number): InspectionResult {
    const pdf = this.pdf?.end() ?? new Set<PdfFinding>();
    return { problem: this.problem(head, size), pdf };
  }

  private problem(head: Buffer, size: number): string | null {
    if (this.image) {
      const facts = this.image.end();
      if (facts.problem !== undefined) return `The content is ${facts.problem}`;
      const pixels = facts.width * facts.height;
      if (pixels > this.limits.maxImagePixels) {
        return `The image declares ${facts.width} × ${facts.height} pixels, more than the ${this.limits.maxImagePixels} allowed`;
      }
      if (facts.trailingBytes > this.limits.imageTrailingBytes) {
        return `The image has ${facts.trailingBytes} bytes of other data after its end`;
      }
    }
    const isBinary =
      (this.extension === 'stl' && !/^\s*solid/.test(head.toString('latin1', 0, 80))) ||
      head.toString('latin1', 0, 22) === 'AutoCAD Binary DXF\r\n\x1a\0';
    const marker = this.markup?.end();
    if (marker && !isBinary)
      return `The ${this.extension.toUpperCase()} file contains web markup (${marker})`;
    const structure = TEXT_STRUCTURE[this.extension];
    if (structure) {
      const why = structure(head.toString('latin1'), head.length >= size, this.tail.toString('latin1'));
      if (why) return `The content is not a valid .${this.extension} file: ${why}`;
    }
    return null;
  }
}
