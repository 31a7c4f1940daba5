import type { PDFDocumentProxy, PDFPageProxy, RenderTask } from 'pdfjs-dist';

/**
 * Where the build copies pdf.js's worker and data (angular.json assets): same origin, so the CSP's
 * `worker-src 'self'` and `connect-src 'self'` cover them. Character maps let PDFs with Chinese text in
 * non-embedded fonts render; the standard fonts stand in for the 14 fonts PDFs may leave out.
 */
const PDFJS_DIR = 'pdfjs/';

/** The page number to show after a step, kept within the document. */
export function clampPage(page: number, pageCount: number): number {
  return Math.min(Math.max(1, Math.trunc(page) || 1), Math.max(1, pageCount));
}

/**
 * A PDF opened with pdf.js, rendered one page at a time onto a canvas. pdf.js is imported here only,
 * dynamically, so its code is a chunk of its own that loads when somebody first previews a PDF.
 */
export class PdfDocument {
  private renderTask: RenderTask | null = null;

  private constructor(private readonly pdf: PDFDocumentProxy) {}

  static async open(url: string): Promise<PdfDocument> {
    const pdfjs = await import('pdfjs-dist');
    const dir = new URL(PDFJS_DIR, document.baseURI).href;
    pdfjs.GlobalWorkerOptions.workerSrc = `${dir}pdf.worker.min.mjs`;
    const pdf = await pdfjs.getDocument({
      url,
      cMapUrl: `${dir}cmaps/`,
      standardFontDataUrl: `${dir}standard_fonts/`,
      // The CSP allows neither eval nor WebAssembly; pdf.js then uses its plain JavaScript decoders
      // (JPEG 2000 through the fallback module in wasm/, JBIG2 and CCITT built in).
      isEvalSupported: false,
      useWasm: false,
      wasmUrl: `${dir}wasm/`,
    }).promise;
    return new PdfDocument(pdf);
  }

  get pageCount(): number {
    return this.pdf.numPages;
  }

  /** Renders `pageNumber` to fit `cssWidth`, sharp on high-density screens; a newer call cancels an older one. */
  async render(pageNumber: number, canvas: HTMLCanvasElement, cssWidth: number): Promise<void> {
    this.renderTask?.cancel();
    const page = await this.pdf.getPage(clampPage(pageNumber, this.pageCount));
    const natural = page.getViewport({ scale: 1 });
    const scale = Math.max(0.1, cssWidth / natural.width);
    const density = Math.min(window.devicePixelRatio || 1, 2);
    const viewport = page.getViewport({ scale: scale * density });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / density)}px`;
    canvas.style.height = `${Math.floor(viewport.height / density)}px`;
    await this.paint(page, canvas, viewport);
  }

  /**
   * Renders `pageNumber` at a fixed `scale` (canvas pixels per PDF point), whatever the screen: two
   * revisions rendered at one scale line up pixel for pixel, as a comparison needs.
   */
  async renderAtScale(pageNumber: number, canvas: HTMLCanvasElement, scale: number): Promise<void> {
    this.renderTask?.cancel();
    const page = await this.pdf.getPage(clampPage(pageNumber, this.pageCount));
    const viewport = page.getViewport({ scale });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    await this.paint(page, canvas, viewport);
  }

  private async paint(
    page: PDFPageProxy,
    canvas: HTMLCanvasElement,
    viewport: ReturnType<PDFPageProxy['getViewport']>,
  ): Promise<void> {
    const task = page.render({ canvas, viewport });
    this.renderTask = task;
    try {
      await task.promise;
    } catch (error) {
      // A cancelled render was replaced by a newer one: nothing to report.
      if ((error as { name?: string } | null)?.name !== 'RenderingCancelledException') throw error;
    } finally {
      if (this.renderTask === task) this.renderTask = null;
    }
  }

  destroy(): void {
    this.renderTask?.cancel();
    void this.pdf.destroy();
  }
}
