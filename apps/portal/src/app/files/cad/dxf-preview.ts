import { ChangeDetectionStrategy, Component, ElementRef, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoDirective } from '@jsverse/transloco';
import { DxfViewer } from 'dxf-viewer';
import { CadPreview } from './cad-preview';

/**
 * Fonts the drawing's text is drawn with, tried in order and each fetched only when a character needs it
 * (scripts/make-cad-fonts.sh): a drawing without Chinese text never downloads the Chinese font.
 */
export const DXF_FONTS = ['cad-fonts/latin.ttf', 'cad-fonts/chinese.ttf'];

export interface DxfLayer {
  name: string;
  displayName: string;
  /** CSS colour of the layer's swatch. */
  colour: string;
  visible: boolean;
}

/** Opens a DxfViewer in `container` and loads `url`; parsing runs in a worker. */
export async function loadDxf(
  container: HTMLElement,
  url: string,
  progress?: (phase: string, fraction: number | null) => void,
  /** A fixed canvas size (offscreen rendering); without it the canvas follows the container. */
  size?: { width: number; height: number },
): Promise<DxfViewer> {
  const viewer = new DxfViewer(container, {
    autoResize: !size,
    canvasWidth: size?.width,
    canvasHeight: size?.height,
    colorCorrection: true,
    antialias: true,
    // Lets the page (and the browser tests) read what was drawn, e.g. for a screenshot or a comparison.
    preserveDrawingBuffer: true,
  });
  viewer.SetClearColor('#ffffff');
  try {
    await viewer.Load({
      url,
      fonts: DXF_FONTS.map((font) => new URL(font, document.baseURI).href),
      progressCbk: (phase, done, total) => progress?.(phase, total ? done / total : null),
      workerFactory: () => new Worker(new URL('./dxf.worker', import.meta.url), { type: 'module' }),
    });
    return viewer;
  } catch (error) {
    viewer.Destroy();
    throw error;
  }
}

/** A 2D DXF drawing: pan (drag) and zoom (wheel or buttons), layers on and off, fit to the view. */
@Component({
  selector: 'app-dxf-preview',
  imports: [MatButtonModule, MatProgressBarModule, TranslocoDirective],
  template: `
    <ng-container *transloco="let t; prefix: 'files.cad'">
      @if (state() === 'loading') {
        <mat-progress-bar
          [mode]="fraction() === null ? 'indeterminate' : 'determinate'"
          [value]="(fraction() ?? 0) * 100"
          [attr.aria-label]="t('loading')"
        />
      }
      <div class="toolbar" role="toolbar" [attr.aria-label]="t('viewTools')">
        <button mat-stroked-button type="button" (click)="fit()" [disabled]="state() !== 'ready'">
          {{ t('fit') }}
        </button>
        <button mat-stroked-button type="button" (click)="zoom(1.5)" [disabled]="state() !== 'ready'">
          {{ t('zoomIn') }}
        </button>
        <button mat-stroked-button type="button" (click)="zoom(1 / 1.5)" [disabled]="state() !== 'ready'">
          {{ t('zoomOut') }}
        </button>
      </div>
      @if (missingChars()) {
        <p class="note">{{ t('missingChars') }}</p>
      }
      <div class="body">
        <div class="canvas" #host role="img" [attr.aria-label]="t('drawingOf', { name: fileName() })"></div>
        <!-- Always laid out, so the canvas keeps the size the drawing was fitted to. -->
        <fieldset class="layers">
          <legend>{{ t('layers') }}</legend>
          @for (layer of layers(); track layer.name) {
            <label>
              <input type="checkbox" [checked]="layer.visible" (change)="toggle(layer)" />
              <span class="swatch" [style.background]="layer.colour"></span>
              {{ layer.displayName }}
            </label>
          }
        </fieldset>
      </div>
    </ng-container>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .body {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
    }
    .canvas {
      flex: 1 1 320px;
      height: min(55vh, 520px);
      min-width: 0;
      border: 1px solid var(--mat-sys-outline-variant);
      touch-action: none;
    }
    .layers {
      flex: 0 1 200px;
      max-height: min(55vh, 520px);
      overflow: auto;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .swatch {
      display: inline-block;
      width: 10px;
      height: 10px;
      border: 1px solid #888;
    }
    .note {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DxfPreview extends CadPreview {
  readonly layers = signal<DxfLayer[]>([]);
  readonly missingChars = signal(false);
  private readonly host = viewChild.required<ElementRef<HTMLElement>>('host');
  private viewer: DxfViewer | null = null;

  protected async load(): Promise<void> {
    const viewer = await loadDxf(this.host().nativeElement, this.url(), (_phase, fraction) =>
      this.fraction.set(fraction),
    );
    if (this.closed) return viewer.Destroy();
    this.viewer = viewer;
    this.layers.set(
      [...viewer.GetLayers(true)].map((layer) => ({
        name: layer.name,
        displayName: layer.displayName,
        colour: `#${layer.color.toString(16).padStart(6, '0')}`,
        visible: true,
      })),
    );
    this.missingChars.set((viewer as unknown as { hasMissingChars?: boolean }).hasMissingChars === true);
  }

  protected release(): void {
    this.viewer?.Destroy();
    this.viewer = null;
  }

  fit(): void {
    const viewer = this.viewer;
    const bounds = viewer?.GetBounds();
    if (!viewer || !bounds) return;
    const origin = viewer.GetOrigin();
    viewer.FitView(
      bounds.minX - origin.x,
      bounds.maxX - origin.x,
      bounds.minY - origin.y,
      bounds.maxY - origin.y,
    );
  }

  /** Zooms about the centre of the view, as the wheel does about the pointer. */
  zoom(factor: number): void {
    const viewer = this.viewer;
    if (!viewer) return;
    const camera = viewer.GetCamera();
    const width = (camera.right - camera.left) / camera.zoom;
    viewer.SetView(camera.position.clone(), width / factor);
  }

  toggle(layer: DxfLayer): void {
    this.viewer?.ShowLayer(layer.name, !layer.visible);
    this.layers.update((all) => all.map((l) => (l.name === layer.name ? { ...l, visible: !l.visible } : l)));
  }
}
