import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import { AppAbility } from '../core/auth/ability';
import { AuthService } from '../core/auth/auth.service';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { NotFoundPage } from '../not-found/not-found.page';
import { categoryOf, DownloadMode, DownloadPolicy, modeFor, stampable } from './download-policy';
import { FilesApi } from './files-api.service';
import { FileDetail, Revision } from './files.types';
import { RevisionPreviewData, RevisionPreviewDialog } from './revision-preview.dialog';
import { RevisionUpload } from './revision-upload';
import { fileSize } from './file-size';
import { viewerKind } from './cad/viewer-kind';
import { comparable, revisionName } from './compare/comparable';

/** How often a file with a revision being verified is looked at again. */
const POLL_MS = 2000;

/** One file: its revisions with review state and download, and the upload of a new revision. */
@Component({
  selector: 'app-file-page',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    NotFoundPage,
  ],
  templateUrl: './file.page.html',
  styleUrl: './files.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FilePage {
  private readonly api = inject(FilesApi);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);
  private readonly dialog = inject(MatDialog);
  /** Route parameter. */
  readonly id = input.required<string>();
  /** `?revision=<seq>`: the revision a link (e.g. a transmittal) points at, marked in the list. */
  readonly revision = input<string>();
  /** `?transmittal=<id>` (with `revision`): opened from that transmittal, whose number a watermark shows. */
  readonly transmittal = input<string>();
  readonly file = signal<FileDetail | null>(null);
  readonly state = signal<'loading' | 'ready' | 'notFound' | 'failed'>('loading');
  readonly uploads = signal<RevisionUpload[]>([]);
  readonly canUpload = computed(() => this.abilities.can('create', 'FileRevision'));
  readonly dragging = signal(false);
  readonly downloadError = signal(false);
  /** Revisions the visual compare can show, newest first; the form picks the newest two by default. */
  readonly comparable = computed(() =>
    comparable(this.file()?.revisions ?? [], this.downloadMode() === 'original'),
  );
  older: number | null = null;
  newer: number | null = null;
  private readonly policy = signal<DownloadPolicy | null>(null);
  private readonly auth = inject(AuthService);
  private readonly orgKind = computed(() => this.auth.user()?.orgKind);
  /** What this user gets for this file under the workspace's download policy (the API enforces it). */
  readonly downloadMode = computed<DownloadMode>(() => {
    const file = this.file();
    return file ? modeFor(this.policy(), categoryOf(file.documentNumber), this.orgKind()) : 'original';
  });
  label = '';
  private readonly router = inject(Router);
  private poll: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;

  constructor() {
    effect(() => void this.load(this.id()));
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      clearTimeout(this.poll);
    });
  }

  async load(id = this.id()): Promise<void> {
    clearTimeout(this.poll);
    try {
      const file = await this.api.get(id);
      this.file.set(file);
      this.state.set('ready');
      // Only for the notice and the buttons: without it the API still refuses what the policy forbids.
      this.policy.set(await this.api.downloadPolicy(file.workspaceId).catch(() => null));
      const [newest, previous] = this.comparable();
      this.newer = newest?.seq ?? null;
      this.older = previous?.seq ?? null;
      // A revision being verified or scanned becomes available by itself: look again until it has.
      const waiting = file.revisions.some((r) => r.state === 'verifying' || r.state === 'scanning');
      if (waiting && !this.destroyed) this.poll = setTimeout(() => void this.load(id), POLL_MS);
    } catch (error) {
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }

  picked(input: HTMLInputElement): void {
    this.start(Array.from(input.files ?? []));
    input.value = '';
  }

  dropped(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    this.start(Array.from(event.dataTransfer?.files ?? []));
  }

  dragOver(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(true);
  }

  async resume(upload: RevisionUpload): Promise<void> {
    if (await upload.run()) await this.load();
  }

  /**
   * The storage URL is asked for as JSON (a followed redirect would carry the bearer token to storage,
   * which refuses two authentication mechanisms); the browser then downloads natively from storage.
   */
  async download(revision: Revision): Promise<void> {
    this.downloadError.set(false);
    try {
      const url = await this.api.downloadUrl(this.id(), revision.seq, false, this.transmittalOf(revision));
      window.location.assign(url);
    } catch {
      this.downloadError.set(true);
    }
  }

  compare(): void {
    if (this.older === null || this.newer === null || this.older === this.newer) return;
    void this.router.navigate(['/files', this.id(), 'compare'], {
      queryParams: { a: this.older, b: this.newer },
    });
  }

  preview(revision: Revision): void {
    this.dialog.open<RevisionPreviewDialog, RevisionPreviewData>(RevisionPreviewDialog, {
      data: { fileId: this.id(), revision, transmittal: this.transmittalOf(revision) },
      width: '960px',
      maxWidth: '100vw',
      autoFocus: 'dialog',
    });
  }

  private start(files: File[]): void {
    if (!this.canUpload()) return;
    const label = this.label.trim() || undefined;
    for (const file of files) {
      const upload = new RevisionUpload(this.api, this.id(), file, label);
      this.uploads.update((list) => [upload, ...list]);
      // One after another would be slower for small files; parts are parallel inside each upload anyway.
      void upload.run().then((revision) => (revision ? this.load() : undefined));
    }
    this.label = '';
  }

  /** The transmittal the link came from, for the revision it lists only. */
  private transmittalOf(revision: Revision): string | undefined {
    return revision.seq === Number(this.revision()) ? this.transmittal() : undefined;
  }

  /** View-only offers no download; watermarked only what the API can stamp (it refuses the rest). */
  protected canDownload(revision: Revision): boolean {
    const mode = this.downloadMode();
    return mode === 'original' || (mode === 'watermarked' && stampable(revision.fileName));
  }

  protected previewable(revision: Revision): boolean {
    if (revision.activeContent) return false;
    // Under a watermark or view-only policy only what the API can stamp is previewed (the CAD viewers
    // read the original, which the policy withholds).
    if (this.downloadMode() !== 'original' && !stampable(revision.fileName)) return false;
    return viewerKind(revision.fileName) !== null;
  }

  protected readonly size = fileSize;
  protected readonly revisionName = revisionName;
}
