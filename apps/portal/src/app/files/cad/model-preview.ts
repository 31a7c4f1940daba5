import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoDirective } from '@jsverse/transloco';
import { ModelMessage, ModelRequest, PartRow, partRows } from './model-data';
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
          <span role="status">{{ t(phase() === 'download' ? 'downloading' : 'tessellating') }}</span>
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
        <div class="canvas" #host role="img" [attr.aria-label]="t('modelOf', { name: fileName() })"></div>
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
export class ModelPreview {
  readonly url = input.required<string>();
  readonly fileName = input.required<string>();
  readonly format = input.required<ModelFormat>();
  readonly failed = output<string>();
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  readonly phase = signal<'download' | 'tessellate'>('download');
  readonly fraction = signal<number | null>(null);
  readonly rows = signal<PartRow[]>([]);
  readonly hidden = signal<ReadonlySet<number>>(new Set());
  readonly sectionOn = signal(false);
  readonly axis = signal<Axis>('x');
  readonly position = signal(50);
  private readonly host = viewChild.required<ElementRef<HTMLElement>>('host');
  protected scene: ModelScene | null = null;
  private worker: Worker | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.worker?.terminate();
      this.scene?.dispose();
    });
    afterNextRender(() => this.open());
  }

  private open(): void {
    const worker =
      this.format() === 'stl'
        ? new Worker(new URL('./model.worker', import.meta.url), { type: 'module' })
        : new Worker(new URL(OCCT_WORKER, document.baseURI));
    this.worker = worker;
    worker.onmessage = ({ data }: MessageEvent<ModelMessage>) => {
      if (data.type === 'progress') {
        this.phase.set(data.phase);
        this.fraction.set(data.fraction);
      } else if (data.type === 'done') {
        void this.finish(data.parts.length ? data : null);
      } else {
        this.fail(data.message);
      }
    };
    worker.onerror = (event) => this.fail(event.message || 'worker failed');
    const request: ModelRequest = {
      url: this.url(),
      format: this.format(),
      fileName: this.fileName(),
    };
    worker.postMessage(request);
  }

  private async finish(data: Extract<ModelMessage, { type: 'done' }> | null): Promise<void> {
    this.worker?.terminate();
    this.worker = null;
    if (!data) return this.fail('empty model');
    try {
      this.scene = new ModelScene(this.host().nativeElement);
      this.phase.set('tessellate');
      await this.scene.setParts(data.parts, (fraction) => this.fraction.set(fraction));
      const names = data.parts.map((p) => p.name);
      this.rows.set(data.rows ?? (data.root ? partRows(data.root, names, this.fileName()) : []));
      this.state.set('ready');
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
    }
  }

  private fail(message: string): void {
    this.worker?.terminate();
    this.worker = null;
    this.state.set('failed');
    this.failed.emit(message);
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
