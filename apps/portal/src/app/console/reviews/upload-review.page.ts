import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { subject } from '@casl/ability';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import type { AppAbility } from '../../core/auth/ability';
import type { FileRevision, SharedFile, Workspace } from '../api/console-api.types';
import { FilesApi } from '../../files/files-api.service';
import { WorkspacesApi } from '../api/workspaces-api.service';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { Directory, PeopleDirectory } from '../ui/people-directory';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

interface PendingReview {
  workspace: Workspace;
  file: SharedFile;
  revision: FileRevision;
}

/** Content types the browser can show inline; anything else (STEP, DWG…) is downloaded. */
const PREVIEWABLE = /^(image\/(png|jpeg|gif|webp)|application\/pdf)$/;

/** Supplier revisions waiting for the PM's review across the workspaces they own: preview, approve or request changes. */
@Component({
  selector: 'app-upload-review-page',
  imports: [
    FormsModule,
    DatePipe,
    DecimalPipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    TranslocoDirective,
    ProblemAlertComponent,
  ],
  template: `
    <section class="page" *transloco="let t">
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.reviews.title') }}</h1>
        <button mat-stroked-button type="button" (click)="load()" [disabled]="loading()">
          {{ t('console.common.refresh') }}
        </button>
      </div>
      <app-problem-alert [problem]="problem()" />
      <p class="status-line" role="status">
        @if (lastDecision(); as d) {
          {{ t('console.reviews.decided.' + d.state, { file: d.file }) }}
        }
      </p>
      @for (p of pending(); track p.file.id + ':' + p.revision.seq) {
        <article class="card review">
          <h2>
            {{ p.file.documentNumber }} · {{ p.file.title }}
            <span class="chip">{{
              t('console.reviews.revision', { label: p.revision.label ?? p.revision.seq })
            }}</span>
          </h2>
          <p class="muted">
            {{ p.workspace.name }} ·
            {{
              t('console.reviews.uploadedBy', {
                who: uploader(p.revision),
                at: (p.revision.completedAt ?? p.revision.createdAt | date: 'medium'),
              })
            }}
          </p>
          <p>
            <code>{{ p.revision.fileName }}</code> · {{ p.revision.size / 1024 | number: '1.0-1' }} KiB ·
            {{ p.revision.contentType }}
          </p>
          @for (warning of p.revision.contentWarnings; track warning) {
            <p class="warning" role="note">{{ t('console.reviews.contentWarning', { warning }) }}</p>
          }
          <div class="actions">
            @if (isPreviewable(p.revision)) {
              <button mat-stroked-button type="button" (click)="preview(p)">
                {{ t('console.reviews.preview') }}
              </button>
            }
            <button mat-stroked-button type="button" (click)="download(p)">
              {{ t('console.reviews.download') }}
            </button>
          </div>
          @if (previewKey() === key(p) && previewUrl(); as url) {
            @if (p.revision.contentType.startsWith('image/')) {
              <img
                class="preview"
                [src]="url"
                [alt]="t('console.reviews.previewAlt', { file: p.revision.fileName })"
              />
            } @else {
              <p>
                <a [href]="url" target="_blank" rel="noopener noreferrer">{{
                  t('console.reviews.openPdf')
                }}</a>
              </p>
            }
          }
          <mat-form-field class="note">
            <mat-label>{{ t('console.reviews.note') }}</mat-label>
            <textarea matInput rows="2" maxlength="4000" [(ngModel)]="notes[key(p)]"></textarea>
            <mat-hint>{{ t('console.reviews.noteHint') }}</mat-hint>
          </mat-form-field>
          <div class="actions">
            <button mat-flat-button type="button" (click)="decide(p, 'approved')" [disabled]="busy()">
              {{ t('console.reviews.approve') }}
            </button>
            <button
              mat-stroked-button
              type="button"
              (click)="decide(p, 'changes_requested')"
              [disabled]="busy()"
            >
              {{ t('console.reviews.requestChanges') }}
            </button>
          </div>
        </article>
      } @empty {
        @if (!loading()) {
          <p class="muted">{{ t('console.reviews.empty') }}</p>
        }
      }
    </section>
  `,
  styles: `
    .warning {
      color: #7a4f00;
    }
    .review h2 {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .preview {
      display: block;
      max-width: 100%;
      max-height: 480px;
      margin: 12px 0;
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .note {
      width: 100%;
      margin-top: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UploadReviewPage implements OnInit {
  private readonly workspacesApi = inject(WorkspacesApi);
  private readonly filesApi = inject(FilesApi);
  private readonly people = inject(PeopleDirectory);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);

  /** What the last load found waiting; shown only while the rules still let the caller review it. */
  private readonly found = signal<PendingReview[]>([]);
  readonly pending = computed(() => this.found().filter((p) => this.mayReview(p.workspace)));
  readonly directory = signal<Directory | null>(null);
  readonly loading = signal(false);
  readonly busy = signal(false);
  readonly problem = signal<ApiProblem | null>(null);
  readonly lastDecision = signal<{ state: string; file: string } | null>(null);
  readonly previewKey = signal<string | null>(null);
  readonly previewUrl = signal<string | null>(null);
  /** Review notes by `fileId:seq`, bound to the text areas. */
  readonly notes: Record<string, string> = {};

  ngOnInit(): void {
    void this.people.load().then(
      (d) => this.directory.set(d),
      () => undefined,
    );
    void this.load();
  }

  key(p: PendingReview): string {
    return `${p.file.id}:${p.revision.seq}`;
  }

  isPreviewable(revision: FileRevision): boolean {
    // A PDF whose active content the workspace accepted is never opened in the browser.
    return !revision.activeContent && PREVIEWABLE.test(revision.contentType);
  }

  uploader(revision: FileRevision): string {
    return this.directory()?.personById.get(revision.uploadedBy)?.email ?? revision.uploadedBy;
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    try {
      const workspaces = await this.reviewableWorkspaces();
      const found: PendingReview[] = [];
      for (const workspace of workspaces) {
        const files = await this.allFiles(workspace.id);
        // Only files with a stored revision can have one waiting for review.
        const details = await Promise.all(
          files.filter((f) => f.currentRevision !== null).map((f) => this.filesApi.get(f.id)),
        );
        for (const file of details) {
          for (const revision of file.revisions) {
            if (revision.state === 'available' && revision.reviewState === 'submitted')
              found.push({ workspace, file, revision });
          }
        }
      }
      found.sort((a, b) => (a.revision.createdAt < b.revision.createdAt ? -1 : 1));
      this.found.set(found);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }

  async decide(p: PendingReview, state: 'approved' | 'changes_requested'): Promise<void> {
    const note = (this.notes[this.key(p)] ?? '').trim();
    this.busy.set(true);
    this.problem.set(null);
    this.lastDecision.set(null);
    try {
      await this.filesApi.review(p.file.id, p.revision.seq, state, note || undefined);
      this.found.update((list) => list.filter((x) => this.key(x) !== this.key(p)));
      this.lastDecision.set({ state, file: `${p.file.documentNumber} ${p.revision.label ?? ''}`.trim() });
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  async preview(p: PendingReview): Promise<void> {
    this.problem.set(null);
    try {
      this.previewUrl.set(await this.filesApi.downloadUrl(p.file.id, p.revision.seq, true));
      this.previewKey.set(this.key(p));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  async download(p: PendingReview): Promise<void> {
    this.problem.set(null);
    try {
      // The storage URL answers with Content-Disposition: attachment, so the page stays put.
      const link = document.createElement('a');
      link.href = await this.filesApi.downloadUrl(p.file.id, p.revision.seq);
      link.rel = 'noopener';
      link.click();
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  /**
   * Workspaces whose revisions the caller may review now; rules widened later take effect at the
   * next load, since their files were never read.
   */
  private async reviewableWorkspaces(): Promise<Workspace[]> {
    const all = await this.workspacesApi.listAll();
    return all.filter((ws) => this.mayReview(ws));
  }

  /** By the same CASL rules the API applies. */
  private mayReview(ws: Workspace): boolean {
    return !ws.archivedAt && this.abilities.can('update', subject('Workspace', { ...ws }));
  }

  private async allFiles(workspaceId: string): Promise<SharedFile[]> {
    const all: SharedFile[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i += 1) {
      const page = await this.filesApi.list(workspaceId, cursor, undefined, 200);
      all.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return all;
  }
}
