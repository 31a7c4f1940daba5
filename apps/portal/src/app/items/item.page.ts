import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import { AppAbility } from '../core/auth/ability';
import { AuthService } from '../core/auth/auth.service';
import { DownloadMode, DownloadPolicy, modeFor, stampable } from '../files/download-policy';
import { FilesApi } from '../files/files-api.service';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { NotFoundPage } from '../not-found/not-found.page';
import { LinkedOrdersComponent } from '../orders/linked-orders.component';
import { CommentThreadComponent } from './comment-thread.component';
import { FieldChangesComponent } from '../item-content/field-changes.component';
import { SnapshotViewComponent } from '../item-content/snapshot-view.component';
import { SharingApi } from './sharing-api.service';
import { ItemDetail, ItemDiff, SharedAttachment, Version, VersionSummary } from './sharing.types';

/**
 * One shared item: the current version's fields, its history, a diff of any two versions,
 * acknowledgement and the comment thread.
 */
@Component({
  selector: 'app-item-page',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    NotFoundPage,
    FieldChangesComponent,
    SnapshotViewComponent,
    CommentThreadComponent,
    LinkedOrdersComponent,
  ],
  templateUrl: './item.page.html',
  styleUrl: './item.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ItemPage {
  private readonly api = inject(SharingApi);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);
  /** Route parameter. */
  readonly id = input.required<string>();
  /** Route parameter of `/items/:id/versions/:version`: show that version instead of the latest. */
  readonly version = input<string>();
  /** `?transmittal=<id>` with `version`: opened from that transmittal, whose number a watermark shows. */
  readonly transmittal = input<string>();

  readonly item = signal<ItemDetail | null>(null);
  readonly shown = signal<Version | null>(null);
  readonly versions = signal<VersionSummary[]>([]);
  readonly state = signal<'loading' | 'ready' | 'notFound' | 'failed'>('loading');
  readonly diffFrom = signal<number | null>(null);
  readonly diffTo = signal<number | null>(null);
  readonly diff = signal<ItemDiff | null>(null);
  readonly acknowledging = signal(false);
  readonly canAcknowledge = computed(() => this.abilities.can('acknowledge', 'ItemVersion'));
  readonly downloadFailed = signal(false);
  private readonly files = inject(FilesApi);
  private readonly auth = inject(AuthService);
  private readonly policy = signal<DownloadPolicy | null>(null);
  /** Jira attachments are `attachments` in the workspace's download policy (the API enforces it). */
  readonly attachmentMode = computed<DownloadMode>(() =>
    modeFor(this.policy(), 'attachments', this.auth.user()?.orgKind),
  );
  readonly isLatest = computed(() => this.shown()?.version === this.item()?.latestVersion);
  /** Showing the version a transmittal link names: its attachments come through that transmittal. */
  readonly issuedByTransmittal = computed(() =>
    this.transmittal() && this.shown()?.version === Number(this.version()) ? this.transmittal() : undefined,
  );

  constructor() {
    effect(() => void this.load(this.id(), Number(this.version()) || undefined));
  }

  async load(id: string, version?: number): Promise<void> {
    this.state.set('loading');
    this.diff.set(null);
    try {
      const item = await this.api.item(id);
      this.item.set(item);
      void this.files.downloadPolicy(item.workspaceId).then(
        (policy) => this.policy.set(policy),
        () => this.policy.set(null),
      );
      const [versions] = await Promise.all([
        this.api.versions(id),
        item.latestVersion > 0 ? this.show(version ?? item.latestVersion) : Promise.resolve(),
      ]);
      this.versions.set(versions.items);
      if (versions.items.length >= 2) {
        this.diffFrom.set(versions.items[1].version);
        this.diffTo.set(versions.items[0].version);
      }
      this.state.set('ready');
    } catch (error) {
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }

  /** Opening a version also marks it seen for this user (the API records that). */
  async show(n: number): Promise<void> {
    this.shown.set(await this.api.version(this.id(), n));
  }

  async compare(): Promise<void> {
    const from = this.diffFrom();
    const to = this.diffTo();
    if (from === null || to === null || from === to) return;
    this.diff.set(await this.api.diff(this.id(), Math.min(from, to), Math.max(from, to)));
  }

  async acknowledge(): Promise<void> {
    const version = this.shown();
    if (!version || this.acknowledging()) return;
    this.acknowledging.set(true);
    try {
      await this.api.acknowledge(this.id(), version.version);
      this.shown.set({ ...version, acknowledged: true });
      this.versions.update((list) =>
        list.map((v) => (v.version === version.version ? { ...v, acknowledged: true } : v)),
      );
    } finally {
      this.acknowledging.set(false);
    }
  }

  /** Under `watermarked` only what the API can stamp (PDF, PNG, JPEG) is offered; it refuses the rest. */
  protected readonly deliverable = (file: SharedAttachment): boolean =>
    this.attachmentMode() !== 'watermarked' || stampable(file.filename);

  protected hasAttachments(version: Version): boolean {
    return version.snapshot.fields.some(
      (field) => field.kind === 'attachments' && Array.isArray(field.value) && field.value.length > 0,
    );
  }

  /** Saves an attachment of the version shown (the latest, or the one a transmittal issued) under its own name. */
  async downloadAttachment(file: SharedAttachment): Promise<void> {
    this.downloadFailed.set(false);
    const version = this.shown()?.version;
    const transmittal = this.issuedByTransmittal();
    try {
      const blob = await this.api.attachment(this.id(), file.id, transmittal ? { transmittal, version } : {});
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      // A watermarked copy keeps its format (PDF, PNG, JPEG), so it keeps its name too.
      link.download = file.filename;
      link.click();
      // The browser reads the object URL when the download starts; release it afterwards.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      this.downloadFailed.set(true);
    }
  }
}
