import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import { FeedbackApi, JiraComment } from '../api/feedback-api.service';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

/**
 * The Jira comments of a shared item's issue, each with "Show to supplier": the PM decides which
 * internal discussion becomes a public reply in the supplier's thread. The text is shown as the
 * supplier will see it (the API sanitises and redacts it); restricted comments cannot be shown.
 */
@Component({
  selector: 'app-jira-comments-panel',
  imports: [DatePipe, MatButtonModule, TranslocoDirective, ProblemAlertComponent],
  template: `
    <section class="card" aria-labelledby="jira-comments-h" *transloco="let t">
      <h2 id="jira-comments-h">{{ t('console.item.jiraComments.title') }}</h2>
      <app-problem-alert [problem]="problem()" />
      @if (loading()) {
        <p class="muted">{{ t('console.item.jiraComments.loading') }}</p>
      }
      <ul class="comments">
        @for (c of comments(); track c.id) {
          <li [attr.data-jira-comment]="c.id">
            <div class="meta">
              <strong>{{ c.author }}</strong>
              @if (c.createdAt) {
                <span class="muted">{{ c.createdAt | date: 'medium' }}</span>
              }
              @if (c.restricted) {
                <span class="chip warn">{{ t('console.item.jiraComments.restricted') }}</span>
              } @else if (c.publishedCommentId) {
                <span class="chip ok">{{ t('console.item.jiraComments.shown') }}</span>
              }
            </div>
            <div class="body" [innerHTML]="c.html"></div>
            @if (!c.restricted && !c.publishedCommentId) {
              <button mat-stroked-button type="button" (click)="show(c)" [disabled]="busy()">
                {{ t('console.item.jiraComments.show') }}
              </button>
            }
          </li>
        } @empty {
          @if (!loading()) {
            <li class="muted">{{ t('console.item.jiraComments.empty') }}</li>
          }
        }
      </ul>
    </section>
  `,
  styles: `
    .comments {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .comments li {
      padding: 12px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .body {
      margin: 6px 0;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JiraCommentsPanelComponent implements OnInit {
  private readonly api = inject(FeedbackApi);

  /** The shared item (a Jira issue item). */
  readonly itemId = input.required<string>();

  readonly comments = signal<JiraComment[]>([]);
  readonly loading = signal(true);
  readonly busy = signal(false);
  readonly problem = signal<ApiProblem | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.loading.set(true);
    try {
      this.comments.set(await this.api.jiraComments(this.itemId()));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }

  async show(comment: JiraComment): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      const entry = await this.api.publishJiraComment(this.itemId(), comment.id);
      this.comments.update((list) =>
        list.map((c) => (c.id === comment.id ? { ...c, publishedCommentId: entry.id } : c)),
      );
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
