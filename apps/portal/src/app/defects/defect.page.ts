import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import { AppAbility } from '../core/auth/ability';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { NotFoundPage } from '../not-found/not-found.page';
import { FilesApi } from '../files/files-api.service';
import { fileSize } from '../files/file-size';
import { DefectsApi } from './defects-api.service';
import { Comment, Defect, DefectAttachmentInfo } from './defects.types';

/** One defect: the report, its status timeline (from Jira, through the status map) and the comment thread. */
@Component({
  selector: 'app-defect-page',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    NotFoundPage,
  ],
  template: `
    @if (state() === 'notFound') {
      <app-not-found-page />
    } @else {
      <article class="page" *transloco="let t">
        @if (state() === 'failed') {
          <p role="alert" class="error">{{ t('common.loadFailed') }}</p>
        }
        @if (defect(); as d) {
          <a [routerLink]="['/workspaces', d.workspaceId, 'defects']">← {{ t('defects.backToList') }}</a>
          <h1 class="page-title">{{ d.title }}</h1>
          <p class="facts">
            <span class="chip severity" [class]="'chip severity ' + d.severity">{{
              t('defects.severities.' + d.severity)
            }}</span>
            <span class="chip">{{ d.status }}</span>
            <span class="meta">{{
              t('defects.reportedBy', {
                name: d.reportedBy.displayName,
                date: (d.createdAt | localDate: 'medium'),
              })
            }}</span>
          </p>
          <h2>{{ t('defects.description') }}</h2>
          <p class="text">{{ d.description }}</p>
          @if (d.stepsToReproduce) {
            <h2>{{ t('defects.steps') }}</h2>
            <p class="text">{{ d.stepsToReproduce }}</p>
          }
          @if (d.itemId) {
            <p class="facts">
              <a [routerLink]="['/items', d.itemId]">{{ t('defects.openRelatedItem') }}</a>
            </p>
          }
          @if (d.attachments.length) {
            <h2>{{ t('defects.attachments') }}</h2>
            <p class="meta">{{ t('defects.attachmentsSent') }}</p>
            <ul class="attachments">
              @for (a of d.attachments; track a.revisionId) {
                <li>
                  @if (downloadable(a)) {
                    <a [href]="'/files/' + a.fileId" (click)="download($event, a)">{{ a.fileName }}</a>
                  } @else {
                    <span>{{ a.fileName }}</span>
                    <span class="chip">{{ t('files.state.' + a.state) }}</span>
                  }
                  <span class="meta">{{ size(a.size) }}</span>
                </li>
              }
            </ul>
            @if (downloadError()) {
              <p role="alert" class="error">{{ t('files.downloadFailed') }}</p>
            }
          }
          <h2>{{ t('defects.timeline') }}</h2>
          <ol class="timeline">
            @for (step of d.timeline; track $index) {
              <li>
                <strong>{{ step.status }}</strong>
                <span class="meta">{{ step.at | localDate: 'medium' }}</span>
              </li>
            }
          </ol>
          <h2>{{ t('defects.comments') }}</h2>
          <ul class="comments">
            @for (c of comments(); track c.id) {
              <li>
                <div class="meta">
                  {{ c.author.displayName }} ({{ c.author.orgName }}) ·
                  {{ c.createdAt | localDate: 'medium' }} ·
                  {{ t('defects.sync.' + c.sync.state) }}
                </div>
                <div class="text">{{ c.body }}</div>
              </li>
            } @empty {
              <li class="empty">{{ t('defects.noComments') }}</li>
            }
          </ul>
          @if (canComment()) {
            <form (submit)="$event.preventDefault(); addComment()">
              <mat-form-field appearance="outline">
                <mat-label>{{ t('defects.newComment') }}</mat-label>
                <textarea matInput name="body" [(ngModel)]="draft" rows="3"></textarea>
              </mat-form-field>
              <button mat-flat-button type="submit" [disabled]="!draft.trim() || posting()">
                {{ t('defects.post') }}
              </button>
            </form>
          }
        }
      </article>
    }
  `,
  styleUrl: './defects.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DefectPage {
  private readonly api = inject(DefectsApi);
  private readonly files = inject(FilesApi);
  private readonly router = inject(Router);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);
  /** Route parameter. */
  readonly id = input.required<string>();
  readonly defect = signal<Defect | null>(null);
  readonly comments = signal<Comment[]>([]);
  readonly state = signal<'loading' | 'ready' | 'notFound' | 'failed'>('loading');
  readonly canComment = computed(() => this.abilities.can('create', 'Comment'));
  readonly posting = signal(false);
  readonly downloadError = signal(false);
  draft = '';

  constructor() {
    effect(() => void this.load(this.id()));
  }

  async load(id = this.id()): Promise<void> {
    try {
      const [defect, comments] = await Promise.all([this.api.get(id), this.api.comments(id)]);
      this.defect.set(defect);
      this.comments.set(comments.items);
      this.state.set('ready');
    } catch (error) {
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }

  protected downloadable(a: DefectAttachmentInfo): boolean {
    return a.state === 'available' || a.state === 'superseded';
  }

  /**
   * Like the file page: the storage URL is asked for as JSON, then the browser downloads from storage.
   * The link's address is the file's page, for opening it in a new tab.
   */
  async download(event: MouseEvent, a: DefectAttachmentInfo): Promise<void> {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    this.downloadError.set(false);
    try {
      const url = await this.files.downloadUrl(a.fileId, a.seq);
      window.location.assign(url);
    } catch (error) {
      // Refused by the workspace's download policy (view only): the file's page previews it instead.
      if (error instanceof HttpErrorResponse && error.status === 403) {
        await this.router.navigate(['/files', a.fileId]);
        return;
      }
      this.downloadError.set(true);
    }
  }

  protected readonly size = fileSize;

  async addComment(): Promise<void> {
    const body = this.draft.trim();
    if (!body) return;
    this.posting.set(true);
    try {
      const comment = await this.api.comment(this.id(), body);
      this.comments.update((list) => [...list, comment]);
      this.draft = '';
    } finally {
      this.posting.set(false);
    }
  }
}
