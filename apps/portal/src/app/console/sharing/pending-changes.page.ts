import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { subject } from '@casl/ability';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import type { AppAbility } from '../../core/auth/ability';
import type { ItemDraft, SharedItem } from '../api/console-api.types';
import { SharingApi } from '../api/sharing-api.service';
import { WorkspaceListEntry, WorkspacesApi } from '../api/workspaces-api.service';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { FieldChangesComponent } from '../../item-content/field-changes.component';
import { JiraKeyLinkComponent } from '../ui/jira-key-link.component';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

interface PendingDraft {
  workspace: WorkspaceListEntry;
  item: SharedItem;
  draft: ItemDraft;
}

/** Source changes waiting as drafts across the PM's workspaces, each with its diff; publish or discard one or many. */
@Component({
  selector: 'app-pending-changes-page',
  imports: [
    DatePipe,
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    TranslocoDirective,
    ProblemAlertComponent,
    FieldChangesComponent,
    JiraKeyLinkComponent,
  ],
  template: `
    <section class="page" *transloco="let t">
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.pending.title') }}</h1>
        <button mat-stroked-button type="button" (click)="load()" [disabled]="loading()">
          {{ t('console.common.refresh') }}
        </button>
      </div>
      <app-problem-alert [problem]="problem()" />
      <p class="status-line" role="status">
        @if (publishedCount() !== null) {
          {{ t('console.pending.publishedNotice', { count: publishedCount() }) }}
        }
        @if (discardedCount() !== null) {
          {{ t('console.pending.discardedNotice', { count: discardedCount() }) }}
        }
      </p>

      @if (drafts().length) {
        <div class="card">
          <mat-form-field class="note">
            <mat-label>{{ t('console.pending.bulkNote') }}</mat-label>
            <input matInput maxlength="2000" [(ngModel)]="bulkNote" />
          </mat-form-field>
          <div class="actions">
            <mat-checkbox
              [checked]="selected().size === drafts().length"
              (change)="selectAll($event.checked)"
              >{{ t('console.pending.selectAll') }}</mat-checkbox
            >
            <button
              mat-flat-button
              type="button"
              (click)="publishSelected()"
              [disabled]="busy() || selected().size === 0"
            >
              {{ t('console.pending.publishSelected', { count: selected().size }) }}
            </button>
            <button
              mat-stroked-button
              type="button"
              (click)="confirming.set('selected')"
              [disabled]="busy() || selected().size === 0"
            >
              {{ t('console.pending.discardSelected', { count: selected().size }) }}
            </button>
          </div>
          @if (confirming() === 'selected') {
            <div class="confirm" role="group" [attr.aria-label]="t('console.pending.confirmTitle')">
              <p>{{ t('console.pending.confirmSelected', { count: selected().size }) }}</p>
              <button mat-flat-button type="button" (click)="discardSelected()" [disabled]="busy()">
                {{ t('console.pending.confirmDiscardSelected', { count: selected().size }) }}
              </button>
              <button mat-button type="button" (click)="confirming.set(null)">
                {{ t('console.pending.keep') }}
              </button>
            </div>
          }
        </div>
      }

      @for (d of drafts(); track d.item.id) {
        <article class="card" [attr.aria-label]="d.item.title || d.item.sourceRef">
          <h2 class="draft-title">
            <mat-checkbox
              [checked]="selected().has(d.item.id)"
              (change)="toggle(d.item.id, $event.checked)"
              [aria-label]="t('console.pending.select', { title: d.item.title || d.item.sourceRef })"
            />
            <a [routerLink]="['/console/items', d.item.id]">{{ d.item.title || d.item.sourceRef }}</a>
          </h2>
          <p class="muted">
            {{ d.workspace.name }} ·
            @if (d.item.type === 'jira_issue') {
              <app-jira-key-link [key]="d.item.sourceRef" />
            } @else {
              <code>{{ d.item.sourceRef }}</code>
            }
            ·
            {{ t('console.pending.against', { n: d.draft.baseVersion }) }}
            @if (d.draft.updatedAt) {
              · {{ d.draft.updatedAt | date: 'medium' }}
            }
          </p>
          <app-field-changes [changes]="d.draft.changes" />
          <mat-form-field class="note">
            <mat-label>{{ t('console.item.note') }}</mat-label>
            <input matInput maxlength="2000" [(ngModel)]="notes[d.item.id]" />
          </mat-form-field>
          <div class="actions">
            <button mat-flat-button type="button" (click)="publishOne(d)" [disabled]="busy()">
              {{ t('console.item.publish') }}
            </button>
            <button mat-stroked-button type="button" (click)="confirming.set(d.item.id)" [disabled]="busy()">
              {{ t('console.pending.discard') }}
            </button>
          </div>
          @if (confirming() === d.item.id) {
            <div class="confirm" role="group" [attr.aria-label]="t('console.pending.confirmTitle')">
              <p>{{ t('console.pending.confirmOne') }}</p>
              <button mat-flat-button type="button" (click)="discardOne(d)" [disabled]="busy()">
                {{ t('console.pending.confirmDiscard') }}
              </button>
              <button mat-button type="button" (click)="confirming.set(null)">
                {{ t('console.pending.keep') }}
              </button>
            </div>
          }
        </article>
      } @empty {
        @if (!loading()) {
          <p class="muted">{{ t('console.pending.empty') }}</p>
        }
      }
    </section>
  `,
  styles: `
    .note {
      width: 100%;
      margin-top: 8px;
    }
    .draft-title {
      display: flex;
      align-items: center;
      gap: 4px;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .confirm {
      margin-top: 8px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PendingChangesPage implements OnInit {
  private readonly api = inject(SharingApi);
  private readonly workspacesApi = inject(WorkspacesApi);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);

  /** What the last load found; shown only while the rules still let the caller publish it. */
  private readonly found = signal<PendingDraft[]>([]);
  readonly drafts = computed(() => this.found().filter((d) => this.mayPublish(d.workspace)));
  readonly selected = signal<ReadonlySet<string>>(new Set());
  readonly loading = signal(false);
  readonly busy = signal(false);
  readonly problem = signal<ApiProblem | null>(null);
  readonly publishedCount = signal<number | null>(null);
  readonly discardedCount = signal<number | null>(null);
  /** The draft (item id), or the selection, whose discard waits for a second click. */
  readonly confirming = signal<string | 'selected' | null>(null);
  /** Publication notes by item id. */
  readonly notes: Record<string, string> = {};
  bulkNote = '';

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    try {
      const found: PendingDraft[] = [];
      for (const workspace of await this.ownWorkspaces()) {
        const items = await this.allItems(workspace.id);
        // Drafts of never-published items are new shares, handled on the item page, not source changes.
        const changed = items.filter((i) => i.hasDraft && i.latestVersion > 0 && !i.withdrawnAt);
        const drafts = await Promise.all(changed.map((i) => this.api.draft(i.id)));
        changed.forEach((item, i) => found.push({ workspace, item, draft: drafts[i]! }));
      }
      this.found.set(found);
      this.selected.set(new Set());
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }

  toggle(id: string, on: boolean): void {
    this.selected.update((set) => {
      const next = new Set(set);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  selectAll(on: boolean): void {
    this.selected.set(on ? new Set(this.drafts().map((d) => d.item.id)) : new Set());
  }

  publishOne(d: PendingDraft): Promise<void> {
    return this.publish([d], (id) => this.notes[id] ?? '');
  }

  publishSelected(): Promise<void> {
    const chosen = this.drafts().filter((d) => this.selected().has(d.item.id));
    return this.publish(chosen, (id) => this.notes[id] || this.bulkNote);
  }

  private async publish(drafts: PendingDraft[], noteFor: (id: string) => string): Promise<void> {
    const done = await this.settle(drafts, (d) => this.api.publish(d.item.id, noteFor(d.item.id)));
    this.publishedCount.set(done);
  }

  discardOne(d: PendingDraft): Promise<void> {
    return this.discard([d]);
  }

  discardSelected(): Promise<void> {
    return this.discard(this.drafts().filter((d) => this.selected().has(d.item.id)));
  }

  /** The published versions stay; the supplier sees no change. */
  private async discard(drafts: PendingDraft[]): Promise<void> {
    const done = await this.settle(drafts, (d) => this.api.discardDraft(d.item.id));
    this.discardedCount.set(done);
  }

  /**
   * One request per item, since each publication is its own immutable version; a refusal does not
   * stop the rest. Settled drafts leave the queue; answers how many were settled.
   */
  private async settle(drafts: PendingDraft[], act: (d: PendingDraft) => Promise<unknown>): Promise<number> {
    this.busy.set(true);
    this.problem.set(null);
    this.publishedCount.set(null);
    this.discardedCount.set(null);
    this.confirming.set(null);
    const done = new Set<string>();
    for (const d of drafts) {
      try {
        await act(d);
        done.add(d.item.id);
      } catch (error) {
        this.problem.set(toApiProblem(error));
      }
    }
    this.found.update((list) => list.filter((d) => !done.has(d.item.id)));
    this.selected.update((set) => new Set([...set].filter((id) => !done.has(id))));
    this.busy.set(false);
    return done.size;
  }

  /**
   * Workspaces with drafts the caller may publish now; the list's counts spare reading the items of
   * workspaces where nothing waits. Rules widened later take effect at the next load.
   */
  private async ownWorkspaces(): Promise<WorkspaceListEntry[]> {
    const all = await this.workspacesApi.listAll();
    return all.filter((ws) => ws.pendingDrafts > 0 && this.mayPublish(ws));
  }

  /** By the same CASL rules the API applies. */
  private mayPublish(ws: WorkspaceListEntry): boolean {
    return !ws.archivedAt && this.abilities.can('update', subject('Workspace', { ...ws }));
  }

  private async allItems(workspaceId: string): Promise<SharedItem[]> {
    const all: SharedItem[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i += 1) {
      const page = await this.api.items(workspaceId, cursor);
      all.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return all;
  }
}
