import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  OnInit,
  output,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { confirmStep } from '../../transmittals/confirm.dialog';
import type { Transmittal, TransmittalSummary } from '../../transmittals/transmittals.types';
import type { FileRevision, SharedFile, SharedItem } from '../api/console-api.types';
import { FilesApi } from '../../files/files-api.service';
import { SharingApi } from '../api/sharing-api.service';
import { TransmittalsApi } from '../api/transmittals-api.service';
import { ProblemAlertComponent } from '../ui/problem-alert.component';
import { PURPOSES } from './transmittal-settings.component';
import {
  addChoice,
  ContentChoice,
  DraftFields,
  fromTransmittal,
  toTransmittalInput,
} from './transmittal-form.model';

/** Revisions a transmittal may issue: uploaded and passed the checks (the current one or an earlier one). */
const ISSUABLE: FileRevision['state'][] = ['available', 'superseded'];

/**
 * A new transmittal, or a draft being edited: subject, purpose, message, due date, the earlier transmittal
 * it supersedes, and the contents — each item at a published version, each file at one revision.
 */
@Component({
  selector: 'app-transmittal-form',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    TranslocoDirective,
    ProblemAlertComponent,
  ],
  templateUrl: './transmittal-form.component.html',
  styles: `
    .full {
      display: block;
      width: 100%;
    }
    .wide {
      flex: 1 1 320px;
      min-width: 0;
    }
    .chosen {
      padding-left: 20px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TransmittalFormComponent implements OnInit {
  private readonly api = inject(TransmittalsApi);
  private readonly sharing = inject(SharingApi);
  private readonly files = inject(FilesApi);
  private readonly dialog = inject(MatDialog);

  readonly workspaceId = input.required<string>();
  /** The draft being edited; none for a new one. */
  readonly draft = input<Transmittal | null>(null);
  /** After a save (the draft as stored), an issue (the issued transmittal) or a delete (null). */
  readonly changed = output<Transmittal | null>();

  readonly purposes = PURPOSES;
  fields: DraftFields = { subject: '', purpose: 'for_review', message: '', dueDate: '', supersedesId: '' };
  readonly choices = signal<ContentChoice[]>([]);
  readonly items = signal<SharedItem[]>([]);
  readonly fileList = signal<SharedFile[]>([]);
  readonly earlier = signal<TransmittalSummary[]>([]);
  readonly busy = signal(false);
  readonly problem = signal<ApiProblem | null>(null);
  readonly saved = signal(false);

  pickedItem = '';
  pickedVersion: number | null = null;
  pickedFile = '';
  pickedRevision: number | null = null;
  readonly revisions = signal<FileRevision[]>([]);
  readonly versionsOfPicked = computed(() => this.versionChoices(this.pickedItemSignal()));
  private readonly pickedItemSignal = signal('');

  ngOnInit(): void {
    const draft = this.draft();
    if (draft) {
      const { fields, choices } = fromTransmittal(draft);
      this.fields = fields;
      this.choices.set(choices);
    }
    const ws = this.workspaceId();
    void this.sharing.items(ws, null, 100).then(
      (page) => this.items.set(page.items.filter((i) => i.latestVersion > 0 && !i.withdrawnAt)),
      (error: unknown) => this.problem.set(toApiProblem(error)),
    );
    void this.files.list(ws, null, undefined, 200).then(
      (page) => this.fileList.set(page.items.filter((f) => f.currentRevision !== null)),
      (error: unknown) => this.problem.set(toApiProblem(error)),
    );
    void Promise.all([
      this.api.list(ws, 'issued', null, 100),
      this.api.list(ws, 'responded', null, 100),
    ]).then(
      ([issued, responded]) =>
        this.earlier.set(
          [...issued.items, ...responded.items].sort((a, b) => b.number.localeCompare(a.number)),
        ),
      () => undefined,
    );
  }

  itemPicked(id: string): void {
    this.pickedItem = id;
    this.pickedItemSignal.set(id);
    this.pickedVersion = this.items().find((i) => i.id === id)?.latestVersion ?? null;
  }

  /** Published versions of an item, newest first. */
  versionChoices(itemId: string): number[] {
    const latest = this.items().find((i) => i.id === itemId)?.latestVersion ?? 0;
    return Array.from({ length: latest }, (_, i) => latest - i);
  }

  addItem(): void {
    const item = this.items().find((i) => i.id === this.pickedItem);
    const version = this.pickedVersion;
    if (!item || !version) return;
    const title = item.title ?? item.sourceRef;
    this.choices.update((list) => addChoice(list, { kind: 'item_version', itemId: item.id, version, title }));
  }

  async filePicked(id: string): Promise<void> {
    this.pickedFile = id;
    this.pickedRevision = null;
    this.revisions.set([]);
    try {
      const detail = await this.files.get(id);
      const issuable = detail.revisions.filter((r) => ISSUABLE.includes(r.state));
      this.revisions.set(issuable);
      this.pickedRevision = issuable[0]?.seq ?? null;
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  addFile(): void {
    const file = this.fileList().find((f) => f.id === this.pickedFile);
    const revision = this.revisions().find((r) => r.seq === this.pickedRevision);
    if (!file || !revision) return;
    this.choices.update((list) =>
      addChoice(list, {
        kind: 'file_revision',
        fileId: file.id,
        revisionSeq: revision.seq,
        revisionLabel: revision.label,
        title: `${file.documentNumber} · ${file.title}`,
      }),
    );
  }

  remove(index: number): void {
    this.choices.update((list) => list.filter((_, i) => i !== index));
  }

  /** Saves the draft (creating it the first time); the page then shows it at its own address. */
  async save(): Promise<void> {
    const stored = await this.persist();
    if (stored) {
      this.saved.set(true);
      this.changed.emit(stored);
    }
  }

  /**
   * Saves what is on screen, then issues it after a confirmation: issuing freezes the transmittal.
   * Only the issued one is announced, so the page does not first move to the draft.
   */
  async issue(): Promise<void> {
    const confirmed = await confirmStep(this.dialog, {
      title: 'console.transmittals.confirmIssue.title',
      body: 'console.transmittals.confirmIssue.body',
      confirm: 'console.transmittals.issue',
    });
    if (!confirmed) return;
    const stored = await this.persist();
    if (!stored) return;
    this.busy.set(true);
    try {
      this.changed.emit(await this.api.issue(stored.id));
    } catch (error) {
      this.problem.set(toApiProblem(error));
      // The draft exists now even though issuing failed: show it at its own address.
      if (!this.draft()) this.changed.emit(stored);
    } finally {
      this.busy.set(false);
    }
  }

  private async persist(): Promise<Transmittal | null> {
    this.busy.set(true);
    this.saved.set(false);
    this.problem.set(null);
    try {
      const body = toTransmittalInput(this.fields, this.choices());
      const draft = this.draft();
      return draft ? await this.api.update(draft.id, body) : await this.api.create(this.workspaceId(), body);
    } catch (error) {
      this.problem.set(toApiProblem(error));
      return null;
    } finally {
      this.busy.set(false);
    }
  }

  async discard(): Promise<void> {
    const draft = this.draft();
    if (!draft) return;
    const confirmed = await confirmStep(this.dialog, {
      title: 'console.transmittals.confirmDelete.title',
      body: 'console.transmittals.confirmDelete.body',
      confirm: 'console.transmittals.delete',
    });
    if (!confirmed) return;
    try {
      await this.api.remove(draft.id);
      this.changed.emit(null);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }
}
