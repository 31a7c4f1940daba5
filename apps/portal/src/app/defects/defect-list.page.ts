import { HttpErrorResponse } from '@angular/common/http';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
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
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import { ProblemDetails } from '../core/api/api-types';
import { AppAbility } from '../core/auth/ability';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { LoadMoreComponent } from '../core/api/load-more.component';
import { FilesApi } from '../files/files-api.service';
import { Revision } from '../files/files.types';
import { SharingApi } from '../items/sharing-api.service';
import { NotFoundPage } from '../not-found/not-found.page';
import { DefectAttachment } from './defect-attachment';
import { DefectChoices } from './defect-choices';
import { DefectsApi } from './defects-api.service';
import { DefectSummary, SEVERITIES, Severity } from './defects.types';

/** Defects of a workspace with their status, and the form to report a new one. */
@Component({
  selector: 'app-defect-list-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    LoadMoreComponent,
    NotFoundPage,
  ],
  templateUrl: './defect-list.page.html',
  styleUrl: './defects.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DefectListPage {
  private readonly api = inject(DefectsApi);
  private readonly filesApi = inject(FilesApi);
  private readonly router = inject(Router);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);
  /** Route parameter: the workspace. */
  readonly id = input.required<string>();
  readonly canReadOrders = computed(() => this.abilities.can('read', 'PurchaseOrder'));
  readonly defects = signal<DefectSummary[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly state = signal<'loading' | 'ready' | 'notFound' | 'failed'>('loading');
  readonly canReport = computed(() => this.abilities.can('create', 'Defect'));
  readonly reporting = signal(false);
  readonly reportError = signal<string | null>(null);
  readonly severities = SEVERITIES;
  readonly form = inject(NonNullableFormBuilder).group({
    title: ['', [Validators.required, Validators.maxLength(300)]],
    severity: ['major' as Severity, Validators.required],
    description: ['', Validators.required],
    stepsToReproduce: [''],
    itemId: [''],
    fileId: [''],
    fileRevisionId: [''],
  });
  /** What the report may refer to: the workspace's shared items and files, loaded when the form opens. */
  readonly choices = new DefectChoices(inject(SharingApi), this.filesApi, () => this.id());
  readonly itemSearch = new FormControl('', { nonNullable: true });
  readonly fileSearch = new FormControl('', { nonNullable: true });
  /** Revisions of the chosen related file that a report may point at. */
  readonly revisions = signal<Revision[]>([]);
  readonly attachments = signal<DefectAttachment[]>([]);
  readonly attaching = computed(() => this.attachments().some((a) => a.busy()));
  readonly attachmentFailed = signal(false);
  private choicesLoaded = false;

  constructor() {
    effect(() => void this.load(undefined, this.id()));
    this.form.controls.fileId.valueChanges.pipe(takeUntilDestroyed()).subscribe((fileId) => {
      this.choices.pickFile(fileId);
      void this.loadRevisions(fileId);
    });
    this.form.controls.itemId.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe((itemId) => this.choices.pickItem(itemId));
    this.itemSearch.valueChanges.pipe(takeUntilDestroyed()).subscribe((q) => this.choices.searchItems(q));
    this.fileSearch.valueChanges.pipe(takeUntilDestroyed()).subscribe((q) => this.choices.searchFiles(q));
    inject(DestroyRef).onDestroy(() => this.choices.destroy());
  }

  /** Loads the pickers' choices the first time the form is opened. */
  async loadChoices(): Promise<void> {
    if (this.choicesLoaded) return;
    this.choicesLoaded = true;
    await this.choices.load();
  }

  private async loadRevisions(fileId: string): Promise<void> {
    this.revisions.set([]);
    this.form.controls.fileRevisionId.setValue('');
    if (!fileId) return;
    const file = await this.filesApi.get(fileId).catch(() => null);
    if (this.form.controls.fileId.value !== fileId) return;
    const usable = (file?.revisions ?? []).filter((r) => r.state === 'available' || r.state === 'superseded');
    this.revisions.set(usable);
    // The current revision is what a report is usually about.
    this.form.controls.fileRevisionId.setValue(usable.find((r) => r.state === 'available')?.id ?? '');
  }

  attach(input: HTMLInputElement): void {
    const picked = Array.from(input.files ?? []).map(
      (f) => new DefectAttachment(this.filesApi, this.id(), f),
    );
    input.value = '';
    this.attachmentFailed.set(false);
    this.attachments.update((list) => [...list, ...picked]);
    for (const attachment of picked) void attachment.run();
  }

  retry(attachment: DefectAttachment): void {
    void attachment.run();
  }

  remove(attachment: DefectAttachment): void {
    this.attachments.update((list) => list.filter((a) => a !== attachment));
    void attachment.discard();
    if (!this.attachments().some((a) => a.error())) this.attachmentFailed.set(false);
  }

  async load(cursor?: string, workspaceId = this.id()): Promise<void> {
    try {
      const page = await this.api.list(workspaceId, cursor);
      this.defects.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
      this.state.set('ready');
    } catch (error) {
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }

  async report(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    // A report must not go out without an attachment the reporter still sees in the form.
    if (this.attachments().some((a) => a.error())) {
      this.attachmentFailed.set(true);
      return;
    }
    if (this.attaching()) return;
    this.reporting.set(true);
    this.reportError.set(null);
    const { title, severity, description, stepsToReproduce, itemId, fileRevisionId } =
      this.form.getRawValue();
    const attachmentRevisionIds = this.attachments()
      .map((a) => a.revisionId())
      .filter((id): id is string => !!id);
    try {
      const defect = await this.api.report(this.id(), {
        title: title.trim(),
        severity,
        description: description.trim(),
        ...(stepsToReproduce.trim() ? { stepsToReproduce: stepsToReproduce.trim() } : {}),
        ...(itemId ? { itemId } : {}),
        ...(fileRevisionId ? { fileRevisionId } : {}),
        ...(attachmentRevisionIds.length ? { attachmentRevisionIds } : {}),
      });
      await this.router.navigate(['/defects', defect.id]);
    } catch (error) {
      const problem = error instanceof HttpErrorResponse ? ((error.error ?? {}) as ProblemDetails) : {};
      this.reportError.set(
        problem.errors?.map((e) => `${e.field} ${e.message}`).join('; ') || problem.detail || String(error),
      );
    } finally {
      this.reporting.set(false);
    }
  }

  protected size(bytes: number): string {
    if (bytes < 1024) return `${bytes} B`;
    return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }
}
