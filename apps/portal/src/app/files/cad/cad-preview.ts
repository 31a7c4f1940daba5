import { afterNextRender, DestroyRef, Directive, inject, input, output, signal } from '@angular/core';

/**
 * What the DXF and 3D previews share: the file's link and name, loading → ready or failed with a
 * reason for the dialog, the progress fraction, and releasing the viewer (workers, WebGL) when the
 * dialog closes or loading fails.
 */
@Directive()
export abstract class CadPreview {
  readonly url = input.required<string>();
  readonly fileName = input.required<string>();
  readonly failed = output<string>();
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  /** Share of the current loading phase done; null when unknown. */
  readonly fraction = signal<number | null>(null);
  /** The dialog closed: whatever loading still brings is released at once. */
  protected closed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.closed = true;
      this.release();
    });
    afterNextRender(() => {
      this.load().then(
        () => this.state() === 'loading' && this.state.set('ready'),
        (error: unknown) => this.fail(error instanceof Error ? error.message : String(error)),
      );
    });
  }

  /** Opens the viewer in the template's canvas and shows the file; resolves once it is shown. */
  protected abstract load(): Promise<void>;

  /** Frees what `load` opened; called on close and on failure, possibly more than once. */
  protected abstract release(): void;

  protected fail(message: string): void {
    this.release();
    if (this.closed || this.state() === 'failed') return;
    this.state.set('failed');
    this.failed.emit(message);
  }
}
