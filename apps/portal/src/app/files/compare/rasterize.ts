import { PdfDocument } from '../pdf-document';

/** Canvas pixels per PDF point: sharp enough for dimension text, small enough to diff an A1 sheet. */
export const COMPARE_SCALE = 2;

/** A revision as pages of pixels, all at the scale the comparison uses for both revisions. */
export interface RasterSource {
  readonly pageCount: number;
  /** How many canvas pixels stand for one CSS pixel at zoom 1. */
  readonly density: number;
  /** Draws page `page` (1-based) into `canvas`; a page the revision does not have is left blank. */
  draw(page: number, canvas: HTMLCanvasElement): Promise<void>;
  destroy(): void;
}

/** One revision as pages of pixels at the comparison's fixed scale: PDFs through pdf.js, images as they are. */
export class RevisionRaster implements RasterSource {
  private constructor(
    private readonly pdf: PdfDocument | null,
    private readonly image: ImageBitmap | null,
  ) {}

  /** `url` is a storage link; the bytes are fetched (CORS), so the canvas stays readable for the diff. */
  static async open(url: string, isPdf: boolean): Promise<RevisionRaster> {
    if (isPdf) return new RevisionRaster(await PdfDocument.open(url), null);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`storage answered ${response.status}`);
    return new RevisionRaster(null, await createImageBitmap(await response.blob()));
  }

  get pageCount(): number {
    return this.pdf ? this.pdf.pageCount : 1;
  }

  async draw(page: number, canvas: HTMLCanvasElement): Promise<void> {
    if (page > this.pageCount) {
      canvas.width = canvas.height = 1;
      return;
    }
    if (this.pdf) return this.pdf.renderAtScale(page, canvas, COMPARE_SCALE);
    const image = this.image!;
    canvas.width = image.width;
    canvas.height = image.height;
    canvas.getContext('2d')!.drawImage(image, 0, 0);
  }

  /** Images are shown at their own size, PDFs at one point per CSS pixel. */
  get density(): number {
    return this.pdf ? COMPARE_SCALE : 1;
  }

  destroy(): void {
    this.pdf?.destroy();
    this.image?.close();
  }
}
