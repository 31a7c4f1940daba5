import { HttpErrorResponse } from '@angular/common/http';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import { ProblemDetails } from '../core/api/api-types';
import { AppAbility } from '../core/auth/ability';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { SharingApi } from './sharing-api.service';
import { COMMENT_MAX_LENGTH, ItemComment } from './sharing.types';

/**
 * Waits between re-reads of the thread while a comment of ours is on its way to Jira: quick at first
 * (the worker usually delivers within a second or two), then backing off, then giving up — a reload
 * or coming back to the tab shows the outcome later.
 */
export const SYNC_POLL_DELAYS_MS = [1000, 2000, 4000, 8000, 16000];

/**
 * The comment thread of a shared item, oldest first like a conversation, with the form to add to it
 * at the end. Supplier comments show how their delivery to Jira stands.
 */
@Component({
  selector: 'app-comment-thread',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    TranslocoDirective,
    LocalDatePipe,
  ],
  templateUrl: './comment-thread.component.html',
  styleUrl: './comment-thread.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CommentThreadComponent {
  private readonly api = inject(SharingApi);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);
  private readonly injector = inject(Injector);
  private readonly textarea = viewChild<ElementRef<HTMLTextAreaElement>>('commentBody');
  readonly itemId = input.required<string>();

  readonly maxLength = COMMENT_MAX_LENGTH;
  readonly comments = signal<ItemComment[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  readonly loadingMore = signal(false);
  readonly canComment = computed(() => this.abilities.can('create', 'Comment'));
  readonly draft = signal('');
  readonly posting = signal(false);
  /** Why the last post was refused, from the API's problem+json when it said. */
  readonly postError = signal<{ detail: string | null } | null>(null);
  readonly awaitingDelivery = computed(() => this.comments().some(isOnItsWay));

  /** Where the last page read starts in `comments` and the cursor that fetched it: a refresh re-reads it. */
  private tail: { start: number; cursor: string | undefined } = { start: 0, cursor: undefined };
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private pollAttempt = 0;
  /** Bumped on every (re)load so an answer for another item or an older read is dropped. */
  private generation = 0;

  constructor() {
    const destroyRef = inject(DestroyRef);
    effect(() => {
      const id = this.itemId();
      untracked(() => void this.load(id));
    });
    // Coming back to the tab is a natural moment to show whether a pending comment arrived.
    const onFocus = () => {
      if (this.awaitingDelivery()) void this.refresh();
    };
    window.addEventListener('focus', onFocus);
    destroyRef.onDestroy(() => {
      window.removeEventListener('focus', onFocus);
      clearTimeout(this.pollTimer);
    });
  }

  async load(id = this.itemId()): Promise<void> {
    const generation = ++this.generation;
    clearTimeout(this.pollTimer);
    this.state.set('loading');
    try {
      const page = await this.api.comments(id);
      if (generation !== this.generation) return;
      this.comments.set(page.items);
      this.nextCursor.set(page.nextCursor);
      this.tail = { start: 0, cursor: undefined };
      this.state.set('ready');
      this.startPolling();
    } catch {
      if (generation === this.generation) this.state.set('failed');
    }
  }

  async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor || this.loadingMore()) return;
    const generation = this.generation;
    this.loadingMore.set(true);
    try {
      const page = await this.api.comments(this.itemId(), cursor);
      if (generation !== this.generation) return;
      this.tail = { start: this.comments().length, cursor };
      this.comments.update((list) => [...list, ...page.items]);
      this.nextCursor.set(page.nextCursor);
    } catch {
      this.state.set('failed');
    } finally {
      this.loadingMore.set(false);
    }
  }

  async post(): Promise<void> {
    const body = this.draft();
    if (!body.trim() || this.posting()) return;
    this.posting.set(true);
    this.postError.set(null);
    try {
      const comment = await this.api.addComment(this.itemId(), body);
      this.comments.update((list) => [...list.filter((c) => c.id !== comment.id), comment]);
      this.draft.set('');
      this.startPolling();
    } catch (error) {
      this.postError.set({ detail: problemDetail(error) });
    } finally {
      this.posting.set(false);
      // The field was disabled while sending, which drops keyboard focus; give it back for the next words.
      afterNextRender(() => this.textarea()?.nativeElement.focus(), { injector: this.injector });
    }
  }

  /** Re-reads the last page (and any after it) so delivery states and new replies show. */
  async refresh(): Promise<void> {
    const generation = this.generation;
    let { start, cursor } = this.tail;
    let kept = this.comments().slice(0, start);
    try {
      // Bounded: a thread that grew by pages meanwhile shows the rest behind "Show later comments".
      for (let pages = 0; pages < 3; pages++) {
        const page = await this.api.comments(this.itemId(), cursor);
        if (generation !== this.generation) return;
        start = kept.length;
        kept = [...kept, ...page.items];
        this.tail = { start, cursor };
        this.nextCursor.set(page.nextCursor);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      // A comment posted while this read was under way is kept until a later read includes it.
      const posted = this.comments().filter((c) => isOnItsWay(c) && !kept.some((k) => k.id === c.id));
      this.comments.set([...kept, ...posted]);
    } catch {
      // Keep what is shown; the next poll or a reload tries again.
    }
  }

  private startPolling(): void {
    clearTimeout(this.pollTimer);
    this.pollAttempt = 0;
    this.scheduleNextPoll();
  }

  private scheduleNextPoll(): void {
    if (!this.awaitingDelivery() || this.pollAttempt >= SYNC_POLL_DELAYS_MS.length) return;
    const delay = SYNC_POLL_DELAYS_MS[this.pollAttempt++];
    this.pollTimer = setTimeout(async () => {
      await this.refresh();
      this.scheduleNextPoll();
    }, delay);
  }
}

function isOnItsWay(comment: ItemComment): boolean {
  return comment.source === 'portico' && comment.sync.state === 'pending';
}

/** The API's own words for a refused comment: the body field's message, else the problem's detail. */
function problemDetail(error: unknown): string | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const problem = (error.error ?? {}) as ProblemDetails;
  const field = problem.errors?.find((e) => e.field === 'body');
  if (field) return `${field.field}: ${field.message}`;
  return problem.detail ?? null;
}
