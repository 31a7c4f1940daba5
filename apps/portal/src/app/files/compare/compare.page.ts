import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  input,
  signal,
  viewChild,
  viewChildren,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { NotFoundPage } from '../../not-found/not-found.page';
import { FilesApi } from '../files-api.service';
import { FileDetail, Revision } from '../files.types';
import { clampPage } from '../pdf-document';
import { comparable, revisionName } from './comparable';
import { DiffRegion, diffRasters } from './pixel-diff';
import { viewerKind } from '../cad/viewer-kind';
import { dxfPair } from './dxf-raster';
import { RasterSource, RevisionRaster } from './rasterize';

const MIN_ZOOM = 0.1;
const MAX_ZOOM = 8;

/**
 * Two revisions of a drawing compared page by page at one scale: side by side (zoom and scroll move both
 * alike) or as an overlay coloured by the pixel diff, with the changed regions to step through.
 */
@Component({
  selector: 'app-compare-page',
  imports: [MatButtonModule, MatProgressBarModule, RouterLink, TranslocoDirective, NotFoundPage],
  templateUrl: './compare.page.html',
  styleUrl: './compare.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ComparePage {
  private readonly api = inject(FilesApi);
  /** Route parameter: the file. */
  readonly id = input.required<string>();
  /** Query parameters: the revisions' seq, older (`a`) and newer (`b`). */
  readonly a = input<string>();
  readonly b = input<string>();
  readonly file = signal<FileDetail | null>(null);
  readonly state = signal<'loading' | 'ready' | 'failed' | 'notFound' | 'notComparable'>('loading');
  readonly mode = signal<'overlay' | 'side'>('overlay');
  readonly page = signal(1);
  readonly pageCount = signal(1);
  readonly zoom = signal(1);
  readonly regions = signal<DiffRegion[]>([]);
  readonly current = signal(-1);
  readonly rendering = signal(false);
  readonly before = signal<Revision | null>(null);
  readonly after = signal<Revision | null>(null);
  readonly region = computed(() => this.regions()[this.current()] ?? null);
  protected readonly name = revisionName;
  /** The side-by-side panes and canvases: before, then after. */
  private readonly sideCanvases = viewChildren<ElementRef<HTMLCanvasElement>>('sideCanvas');
  private readonly sidePanes = viewChildren<ElementRef<HTMLElement>>('sidePane');
  private readonly beforeCanvas = () => this.sideCanvases()[0];
  private readonly afterCanvas = () => this.sideCanvases()[1];
  private readonly overlayCanvas = viewChild<ElementRef<HTMLCanvasElement>>('overlayCanvas');
  private readonly overlayPane = viewChild<ElementRef<HTMLElement>>('overlayPane');
  private readonly beforePane = () => this.sidePanes()[0];
  private readonly afterPane = () => this.sidePanes()[1];
  private rasters: [RasterSource, RasterSource] | null = null;
  /** Canvas pixels per CSS pixel at zoom 1. */
  private density = 1;
  private size = { width: 1, height: 1 };
  private syncing = false;
  private drag: { x: number; y: number; pane: HTMLElement } | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.rasters?.forEach((r) => r.destroy()));
    effect(() => void this.open(this.id(), this.a(), this.b()));
  }

  private async open(id: string, a?: string, b?: string): Promise<void> {
    this.state.set('loading');
    this.rasters?.forEach((r) => r.destroy());
    this.rasters = null;
    try {
      const file = await this.api.get(id);
      this.file.set(file);
      const candidates = comparable(file.revisions);
      const pick = (seq: string | undefined, fallback: Revision | undefined) =>
        candidates.find((r) => String(r.seq) === seq) ?? (seq ? undefined : fallback);
      const before = pick(a, candidates[1]);
      const after = pick(b, candidates[0]);
      if (!before || !after) return this.state.set('notComparable');
      this.before.set(before);
      this.after.set(after);
      const dxf = [before, after].filter((r) => viewerKind(r.fileName) === 'dxf').length;
      if (dxf === 1) return this.state.set('notComparable');
      // Inline is offered for PDF and images; DXF is read from the attachment link.
      const link = (revision: Revision) => this.api.downloadUrl(id, revision.seq, !dxf);
      const open = async (revision: Revision) =>
        RevisionRaster.open(await link(revision), revision.contentType === 'application/pdf');
      this.rasters = dxf
        ? await dxfPair([await link(before), await link(after)])
        : await Promise.all([open(before), open(after)]);
      this.pageCount.set(Math.max(this.rasters[0].pageCount, this.rasters[1].pageCount));
      this.state.set('ready');
      await this.render(true);
    } catch (error) {
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }

  async go(page: number): Promise<void> {
    const next = clampPage(page, this.pageCount());
    if (next === this.page()) return;
    this.page.set(next);
    await this.render(false);
  }

  /** Renders the current page of both revisions, diffs them and shows the first changed region. */
  private async render(fit: boolean): Promise<void> {
    // The canvases appear with the revisions; the first render may come before they are laid out.
    if (!this.overlayCanvas()) await new Promise((resolve) => requestAnimationFrame(resolve));
    const rasters = this.rasters;
    const before = this.beforeCanvas()?.nativeElement;
    const after = this.afterCanvas()?.nativeElement;
    const overlay = this.overlayCanvas()?.nativeElement;
    if (!rasters || !before || !after || !overlay) return;
    this.rendering.set(true);
    try {
      await Promise.all([rasters[0].draw(this.page(), before), rasters[1].draw(this.page(), after)]);
      const pixels = (c: HTMLCanvasElement) =>
        c.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, c.width, c.height);
      const diff = diffRasters(pixels(before), pixels(after));
      overlay.width = diff.width;
      overlay.height = diff.height;
      overlay.getContext('2d')!.putImageData(new ImageData(diff.image, diff.width, diff.height), 0, 0);
      this.density = rasters[1].density;
      this.size = { width: diff.width, height: diff.height };
      this.regions.set(diff.regions);
      this.current.set(diff.regions.length ? 0 : -1);
      if (fit) this.fit();
      else this.applyZoom();
      this.reveal();
    } catch {
      this.state.set('failed');
    } finally {
      this.rendering.set(false);
    }
  }

  /** Zoom at which the page's width fills the pane. */
  fit(): void {
    const pane = (this.mode() === 'side' ? this.beforePane() : this.overlayPane())?.nativeElement;
    const width = Math.max(100, (pane?.clientWidth || 800) - 4);
    this.zoom.set(Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, width / (this.size.width / this.density))));
    this.applyZoom();
  }

  zoomBy(factor: number): void {
    this.zoom.update((z) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z * factor)));
    this.applyZoom();
    this.reveal();
  }

  setMode(mode: 'overlay' | 'side'): void {
    this.mode.set(mode);
    // The panes change width with the mode; the next frame has them laid out.
    requestAnimationFrame(() => {
      this.fit();
      this.reveal();
    });
  }

  nextDifference(step = 1): void {
    const count = this.regions().length;
    if (!count) return;
    this.current.update((i) => (i + step + count) % count);
    this.reveal();
  }

  /** CSS box of a region at the current zoom, for the highlight. */
  protected box(region: DiffRegion): { left: number; top: number; width: number; height: number } {
    const k = this.zoom() / this.density;
    return { left: region.x * k, top: region.y * k, width: region.width * k, height: region.height * k };
  }

  /** The region as fractions of the page, for people and tests alike (`data-*` on the highlight). */
  protected fraction(value: number, of: 'width' | 'height'): string {
    return (value / this.size[of]).toFixed(3);
  }

  /** Scroll (in either pane) moves the other panes to the same place. */
  protected scrolled(source: HTMLElement): void {
    if (this.syncing) return;
    this.syncing = true;
    for (const pane of this.panes()) {
      if (pane === source) continue;
      pane.scrollLeft = source.scrollLeft;
      pane.scrollTop = source.scrollTop;
    }
    requestAnimationFrame(() => (this.syncing = false));
  }

  protected pointerDown(event: PointerEvent, pane: HTMLElement): void {
    if (event.button !== 0) return;
    this.drag = { x: event.clientX, y: event.clientY, pane };
    pane.setPointerCapture(event.pointerId);
  }

  protected pointerMove(event: PointerEvent): void {
    if (!this.drag) return;
    this.drag.pane.scrollLeft -= event.clientX - this.drag.x;
    this.drag.pane.scrollTop -= event.clientY - this.drag.y;
    this.drag.x = event.clientX;
    this.drag.y = event.clientY;
  }

  protected pointerUp(): void {
    this.drag = null;
  }

  protected keydown(event: KeyboardEvent): void {
    const actions: Record<string, () => void> = {
      '+': () => this.zoomBy(1.25),
      '=': () => this.zoomBy(1.25),
      '-': () => this.zoomBy(0.8),
      n: () => this.nextDifference(1),
      p: () => this.nextDifference(-1),
      PageDown: () => void this.go(this.page() + 1),
      PageUp: () => void this.go(this.page() - 1),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  private panes(): HTMLElement[] {
    return [this.overlayPane(), this.beforePane(), this.afterPane()]
      .map((p) => p?.nativeElement)
      .filter((p): p is HTMLElement => !!p);
  }

  private applyZoom(): void {
    const k = this.zoom() / this.density;
    for (const canvas of [this.beforeCanvas(), this.afterCanvas(), this.overlayCanvas()]) {
      const c = canvas?.nativeElement;
      if (!c) continue;
      c.style.width = `${Math.round(c.width * k)}px`;
      c.style.height = `${Math.round(c.height * k)}px`;
    }
  }

  /** Scrolls the panes so the current region is in the middle. */
  private reveal(): void {
    const region = this.region();
    if (!region) return;
    const box = this.box(region);
    for (const pane of this.panes()) {
      pane.scrollLeft = box.left + box.width / 2 - pane.clientWidth / 2;
      pane.scrollTop = box.top + box.height / 2 - pane.clientHeight / 2;
    }
  }
}
