import { ChangeDetectionStrategy, Component, ElementRef, input, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoDirective } from '@jsverse/transloco';
import { CadPreview } from './cad-preview';
import { ModelMessage, ModelRequest, OcctMessage, PartRow } from './model-data';
import { Axis, ModelScene } from './model-scene';
import { ModelFormat } from './viewer-kind';

/**
 * OpenCASCADE's worker (public/occt/, beside occt-import-js's script and WebAssembly that angular.json
 * copies there): a classic worker under the CSP the API gives that path only.
 */
const OCCT_WORKER = 'occt/occt-worker.js';

/** A 3D model (STEP, IGES, STL) read in a worker and shown with three.js. */
@Component({
  selector: 'app-model-preview',
  imports: [MatButtonModule, MatProgressBarModule, TranslocoDirective],
  template: `
    <ng-container *transloco="let t; prefix: 'files.cad'">
      @if (state() === 'loading') {
        <div class="progress">
          <span role="status">{{ t(PHASES[phase()]) }}</span>
          <mat-progress-bar
            [mode]="fraction() === null ? 'indeterminate' : 'determinate'"
            [value]="(fraction() ?? 0) * 100"
            [attr.aria-label]="t('loading')"
          />
        </div>
      }
      <div class="toolbar" role="toolbar" [attr.aria-label]="t('viewTools')">
        <button mat-stroked-button type="button" (click)="scene?.fit()" [disabled]="state() !== 'ready'">
          {{ t('fit') }}
        </button>
        <label>
          <input
            type="checkbox"
            [checked]="sectionOn()"
            (change)="toggleSection()"
            [disabled]="state() !== 'ready'"
          />
          {{ t('section') }}
        </label>
        <label>
          {{ t('sectionAxis') }}
          <select [value]="axis()" (change)="setAxis($event)" [disabled]="!sectionOn()">
            <option value="x">X</option>
            <option value="y">Y</option>
            <option value="z">Z</option>
          </select>
        </label>
        <input
          type="range"
          min="0"
          max="100"
          [value]="position()"
          (input)="setPosition($event)"
          [disabled]="!sectionOn()"
          [attr.aria-label]="t('sectionPosition')"
        />
      </div>
      <div class="body">
        <div
          class="canvas"
          #host
          role="img"
          [attr.aria-label]="t('modelOf', { name: fileName() })"
          [attr.aria-busy]="state() === 'loading' || drawing()"
        ></div>
        <!-- Always laid out, so the canvas keeps the size the model was fitted to. -->
        <fieldset class="parts">
          <legend>{{ t('parts') }}</legend>
          @for (row of rows(); track $index) {
            <label [style.padding-left.px]="row.depth * 14">
              <input type="checkbox" [checked]="isVisible(row)" (change)="toggle(row)" />
              {{ row.label }}
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
      align-items: center;
      gap: 8px 16px;
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
      overflow: hidden;
    }
    .parts {
      flex: 0 1 220px;
      max-height: min(55vh, 520px);
      overflow: auto;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ModelPreview extends CadPreview {
  protected readonly PHASES = {
    download: 'downloading',
    tessellate: 'tessellating',
    draw: 'drawing',
  } as const;
  readonly format = input.required<ModelFormat>();
  readonly phase = signal<'download' | 'tessellate' | 'draw'>('download');
  /** The full model is being drawn, a few pieces a frame (aria-busy on the canvas). */
  readonly drawing = signal(false);
  readonly rows = signal<PartRow[]>([]);
  readonly hidden = signal<ReadonlySet<number>>(new Set());
  readonly sectionOn = signal(false);
  readonly axis = signal<Axis>('x');
  readonly position = signal(50);
  private readonly host = viewChild.required<ElementRef<HTMLElement>>('host');
  protected scene: ModelScene | null = null;
  private readonly workers: Worker[] = [];

  protected async load(): Promise<void> {
    const data = await this.read();
    this.stopWorkers();
    if (this.closed) return;
    if (!data.parts.length) throw new Error('empty model');
    this.scene = new ModelScene(this.host().nativeElement, (busy) => this.drawing.set(busy));
    this.progress('draw', 0);
    await this.scene.setParts(data.parts, data.bounds, (fraction) => this.fraction.set(fraction));
    this.rows.set(data.rows);
  }

  protected release(): void {
    this.stopWorkers();
    this.scene?.dispose();
    this.scene = null;
  }

  /** The model, read and prepared in workers: OpenCASCADE's for STEP and IGES first, then ours. */
  private read(): Promise<Extract<ModelMessage, { type: 'done' }>> {
    return new Promise((resolve, reject) => {
      const failed = (message: string): void => reject(new Error(message));
      const model = new Worker(new URL('./model.worker', import.meta.url), { type: 'module' });
      this.workers.push(model);
      model.onmessage = ({ data }: MessageEvent<ModelMessage>) => {
        if (data.type === 'progress') this.progress(data.phase, data.fraction);
        else if (data.type === 'done') resolve(data);
        else failed(data.message);
      };
      model.onerror = (event) => failed(event.message || 'worker failed');
      const fileName = this.fileName();
      if (this.format() === 'stl') {
        model.postMessage({ url: this.url(), format: 'stl', fileName } satisfies ModelRequest);
        return;
      }
      const occt = new Worker(new URL(OCCT_WORKER, document.baseURI));
      this.workers.push(occt);
      occt.onmessage = ({ data }: MessageEvent<OcctMessage>) => {
        if (data.type === 'progress') return this.progress(data.phase, data.fraction);
        if (data.type === 'error') return failed(data.message);
        const request: ModelRequest = { parts: data.parts, root: data.root, fileName };
        const buffers = data.parts.flatMap((p) => [p.positions.buffer, p.normals?.buffer, p.index?.buffer]);
        model.postMessage(request, [
          ...new Set(buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer)),
        ]);
        occt.terminate();
      };
      occt.onerror = (event) => failed(event.message || 'worker failed');
      occt.postMessage({ url: this.url(), format: this.format(), fileName });
    });
  }

  private progress(phase: 'download' | 'tessellate' | 'draw', fraction: number | null): void {
    this.phase.set(phase);
    this.fraction.set(fraction);
  }

  private stopWorkers(): void {
    for (const worker of this.workers.splice(0)) worker.terminate();
  }

  isVisible(row: PartRow): boolean {
    const hidden = this.hidden();
    return row.meshes.some((m) => !hidden.has(m));
  }

  toggle(row: PartRow): void {
    const show = !this.isVisible(row);
    const hidden = new Set(this.hidden());
    for (const m of row.meshes) {
      if (show) hidden.delete(m);
      else hidden.add(m);
    }
    this.hidden.set(hidden);
    this.scene?.setVisible(row.meshes, show);
  }

  toggleSection(): void {
    this.sectionOn.update((on) => !on);
    this.applySection();
  }

  setAxis(event: Event): void {
    this.axis.set((event.target as HTMLSelectElement).value as Axis);
    this.applySection();
  }

  setPosition(event: Event): void {
    this.position.set(Number((event.target as HTMLInputElement).value));
    this.applySection();
  }

  private applySection(): void {
    this.scene?.setSection(this.axis(), this.sectionOn() ? this.position() / 100 : null);
  }
}
