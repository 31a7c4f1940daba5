import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoDirective } from '@jsverse/transloco';
import { DxfPreview } from './cad/dxf-preview';
import { ModelPreview } from './cad/model-preview';
import { modelFormat, viewerKind } from './cad/viewer-kind';
import { fileSize } from './file-size';
import { FilesApi } from './files-api.service';
import { Revision } from './files.types';
import { clampPage, PdfDocument } from './pdf-document';

export interface RevisionPreviewData {
  fileId: string;
  revision: Revision;
  /** The transmittal the revision was opened from (its number shows in a watermark). */
  transmittal?: string;
}

/**
 * Largest CAD file previewed: the model is held several times over while it is read and tessellated
 * (download, OpenCASCADE's copy, the meshes), which a browser tab cannot afford without limit.
 */
const MAX_CAD_BYTES = 200 * 1024 * 1024;

/** Widest a page is drawn, in CSS pixels; narrower screens get the dialog's width. */
const MAX_PAGE_WIDTH = 900;

/**
 * Inline preview of a PDF or image revision: images with <img>, PDFs page by page with pdf.js on a
 * canvas. The file comes straight from storage through a short-lived (audited) link, as a download does.
 */
@Component({
  selector: 'app-revision-preview-dialog',
  imports: [
    DxfPreview,
    ModelPreview,
    MatButtonModule,
    MatDialogModule,
    MatProgressBarModule,
    TranslocoDirective,
  ],
  template: `
    <ng-container *transloco="let t">
      <h2 mat-dialog-title>{{ t('files.previewOf', { name: data.revision.fileName }) }}</h2>
      <mat-dialog-content class="preview">
        @if (state() === 'loading') {
          <mat-progress-bar mode="indeterminate" [attr.aria-label]="t('files.previewLoading')" />
        }
        @if (state() === 'failed') {
          <div role="alert" class="error">
            <p>{{ t('files.previewFailed') }}</p>
            @if (tooLarge()) {
              <p>{{ t('files.cad.tooLarge', { size: size(data.revision.size) }) }}</p>
            } @else if (failure(); as reason) {
              <p class="reason">{{ reason }}</p>
            }
          </div>
          <p>
            <button mat-stroked-button type="button" (click)="download()">
              {{ t('files.downloadOf', { name: data.revision.fileName }) }}
            </button>
          </p>
        }
        @if (kind === 'dxf' || kind === 'model') {
          <!-- The viewers and three.js are a chunk of their own, fetched when a drawing is first opened. -->
          @if (cadUrl(); as url) {
            @defer (on immediate) {
              @if (kind === 'dxf') {
                <app-dxf-preview [url]="url" [fileName]="data.revision.fileName" (failed)="fail($event)" />
              } @else {
                <app-model-preview
                  [url]="url"
                  [fileName]="data.revision.fileName"
                  [format]="format!"
                  (failed)="fail($event)"
                />
              }
            } @loading {
              <mat-progress-bar mode="indeterminate" [attr.aria-label]="t('files.previewLoading')" />
            } @error {
              <p role="alert" class="error">{{ t('files.previewFailed') }}</p>
            }
          }
        } @else if (isPdf) {
          @if (pageCount() > 1) {
            <div class="pager" role="group" [attr.aria-label]="t('files.pages')">
              <button mat-stroked-button type="button" (click)="go(page() - 1)" [disabled]="page() <= 1">
                {{ t('files.previousPage') }}
              </button>
              <span role="status">{{ t('files.pageOf', { page: page(), count: pageCount() }) }}</span>
              <button
                mat-stroked-button
                type="button"
                (click)="go(page() + 1)"
                [disabled]="page() >= pageCount()"
              >
                {{ t('files.nextPage') }}
              </button>
            </div>
          }
          <!-- Focusable so the keyboard can scroll a zoomed page and turn pages with the arrow keys. -->
          <div class="sheet" #sheet tabindex="0" (keydown)="keydown($event)">
            <canvas
              #canvas
              role="img"
              [attr.aria-label]="
                t('files.pageImage', { page: page(), count: pageCount(), name: data.revision.fileName })
              "
            ></canvas>
          </div>
        } @else if (imageUrl(); as url) {
          <div class="sheet">
            <img [src]="url" [alt]="data.revision.fileName" (error)="state.set('failed')" />
          </div>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ t('files.closePreview') }}</button>
      </mat-dialog-actions>
    </ng-container>
  `,
  styles: `
    .preview {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .pager {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: center;
      gap: 8px 16px;
    }
    .sheet {
      overflow: auto;
      max-width: 100%;
    }
    .sheet:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    canvas,
    img {
      display: block;
      max-width: 100%;
      margin: 0 auto;
      background: #fff;
      box-shadow: 0 1px 4px rgb(0 0 0 / 25%);
    }
    .error {
      color: var(--mat-sys-error);
    }
    .reason {
      font-size: 0.875em;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RevisionPreviewDialog {
  protected readonly data = inject<RevisionPreviewData>(MAT_DIALOG_DATA);
  private readonly api = inject(FilesApi);
  private readonly canvas = viewChild<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly sheet = viewChild<ElementRef<HTMLElement>>('sheet');
  // A stamped copy (download policy) keeps the original's format: a PNG stays a PNG.
  protected readonly kind = viewerKind(this.data.revision.fileName);
  protected readonly format = modelFormat(this.data.revision.fileName);
  protected readonly isPdf = this.data.revision.contentType === 'application/pdf';
  /** The CAD viewers fetch the file themselves, from the same storage link a download gets. */
  readonly cadUrl = signal<string | null>(null);
  readonly failure = signal<string | null>(null);
  readonly tooLarge = signal(false);
  protected readonly size = fileSize;
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  readonly imageUrl = signal<string | null>(null);
  readonly page = signal(1);
  readonly pageCount = signal(0);
  private pdf: PdfDocument | null = null;
  private closed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.closed = true;
      this.pdf?.destroy();
    });
    afterNextRender(() => void this.open());
  }

  private async open(): Promise<void> {
    try {
      if (this.kind === 'dxf' || this.kind === 'model') {
        if (this.data.revision.size > MAX_CAD_BYTES) {
          this.tooLarge.set(true);
          return this.fail();
        }
        // Inline is offered for PDF and images only; a viewer reads the attachment's bytes.
        const url = await this.api.downloadUrl(this.data.fileId, this.data.revision.seq);
        this.cadUrl.set(url);
        this.state.set('ready');
        return;
      }
      const url = await this.api.downloadUrl(
        this.data.fileId,
        this.data.revision.seq,
        true,
        this.data.transmittal,
      );
      if (!this.isPdf) {
        this.imageUrl.set(url);
        this.state.set('ready');
        return;
      }
      const pdf = await PdfDocument.open(url);
      if (this.closed) return pdf.destroy();
      this.pdf = pdf;
      this.pageCount.set(pdf.pageCount);
      await this.draw();
    } catch {
      this.state.set('failed');
    }
  }

  fail(reason?: string): void {
    this.failure.set(reason ?? null);
    this.state.set('failed');
  }

  /** The way out when a viewer cannot show the file: the original, as the revision list offers it. */
  async download(): Promise<void> {
    try {
      const url = await this.api.downloadUrl(this.data.fileId, this.data.revision.seq);
      window.location.assign(url);
    } catch {
      this.failure.set(null);
    }
  }

  async go(page: number): Promise<void> {
    const next = clampPage(page, this.pageCount());
    if (next === this.page() || !this.pdf) return;
    this.page.set(next);
    await this.draw();
  }

  /** Page Up/Down and the arrow keys turn pages, as in a PDF reader. */
  protected keydown(event: KeyboardEvent): void {
    if (!this.isPdf) return;
    const step = { PageDown: 1, ArrowRight: 1, PageUp: -1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    void this.go(this.page() + step);
  }

  private async draw(): Promise<void> {
    const pdf = this.pdf;
    const canvas = this.canvas()?.nativeElement;
    if (!pdf || !canvas) return;
    const width = Math.min(MAX_PAGE_WIDTH, this.sheet()?.nativeElement.clientWidth || MAX_PAGE_WIDTH);
    try {
      await pdf.render(this.page(), canvas, width);
      this.state.set('ready');
    } catch {
      this.state.set('failed');
    }
  }
}
