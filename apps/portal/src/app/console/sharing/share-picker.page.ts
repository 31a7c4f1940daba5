import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import type { SourceEntry, SourceType, Workspace } from '../api/console-api.types';
import { SharingApi } from '../api/sharing-api.service';
import { WorkspacesApi } from '../api/workspaces-api.service';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { FieldPickerComponent } from '../ui/field-picker.component';
import { DEFAULT_DOCUMENT_FIELDS, jiraDefaultFields } from '../ui/jira-fields';
import { JiraKeyLinkComponent } from '../ui/jira-key-link.component';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

/** JQL fragments behind the quick filters; always AND-ed inside the workspace scope by the API. */
export const QUICK_FILTERS: ReadonlyArray<{ key: string; jql: string }> = [
  { key: 'open', jql: 'statusCategory != Done' },
  { key: 'recent', jql: 'updated >= -7d' },
  { key: 'bugs', jql: 'issuetype = Bug' },
];

/**
 * Picks Jira issues (JQL within the workspace scope) and Feishu documents (the workspace folder) to
 * share, with the fields the supplier may see. Shared items start unpublished: the PM previews each
 * as the supplier and publishes from the workspace's items.
 */
@Component({
  selector: 'app-share-picker-page',
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    TranslocoDirective,
    ProblemAlertComponent,
    FieldPickerComponent,
    JiraKeyLinkComponent,
  ],
  template: `
    <section class="page" *transloco="let t">
      <p>
        <a [routerLink]="['/console/workspaces', id(), 'items']">{{ t('console.share.backToItems') }}</a>
      </p>
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.share.title', { name: workspace()?.name ?? '' }) }}</h1>
      </div>
      <app-problem-alert [problem]="problem()" />

      <mat-button-toggle-group
        [value]="source()"
        (change)="selectSource($event.value)"
        [attr.aria-label]="t('console.share.sourceLabel')"
      >
        <mat-button-toggle value="jira_issue">{{ t('console.share.jira') }}</mat-button-toggle>
        <mat-button-toggle value="feishu_doc">{{ t('console.share.feishu') }}</mat-button-toggle>
      </mat-button-toggle-group>

      @if (source() === 'jira_issue') {
        <form class="search" (submit)="$event.preventDefault(); search()">
          <mat-form-field class="jql">
            <mat-label>{{ t('console.share.jql') }}</mat-label>
            <input
              matInput
              [value]="jql()"
              (input)="jql.set($any($event.target).value)"
              spellcheck="false"
              autocomplete="off"
              maxlength="2000"
            />
            <mat-hint>{{ t('console.share.jqlHint', { scope: scopeText() }) }}</mat-hint>
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="loading()">
            {{ t('console.share.search') }}
          </button>
        </form>
        <div class="actions quick" role="group" [attr.aria-label]="t('console.share.quickFilters')">
          @for (f of quickFilters; track f.key) {
            <button mat-stroked-button type="button" (click)="jql.set(f.jql); search()">
              {{ t('console.share.quick.' + f.key) }}
            </button>
          }
        </div>
      }

      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden">
            {{
              t('console.share.results')
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">{{ t('console.share.select') }}</span>
              </th>
              <th scope="col">{{ t('console.share.ref') }}</th>
              <th scope="col">{{ t('console.share.titleCol') }}</th>
              <th scope="col">{{ t('console.share.internalStatus') }}</th>
              <th scope="col">{{ t('console.share.updated') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (entry of entries(); track entry.ref) {
              <tr>
                <td>
                  @if (entry.sharedItemId) {
                    <a [routerLink]="['/console/items', entry.sharedItemId]">{{
                      t('console.share.alreadyShared')
                    }}</a>
                  } @else {
                    <mat-checkbox
                      [checked]="selected().has(entry.ref)"
                      (change)="toggle(entry.ref, $event.checked)"
                      [aria-label]="t('console.share.selectOne', { ref: entry.ref, title: entry.title })"
                    />
                  }
                </td>
                <td>
                  @if (source() === 'jira_issue') {
                    <app-jira-key-link [key]="entry.ref" />
                  } @else {
                    <code>{{ entry.ref }}</code>
                  }
                </td>
                <td>{{ entry.title }}</td>
                <td>{{ entry.status ?? '' }}</td>
                <td>{{ entry.updatedAt ? (entry.updatedAt | date: 'mediumDate') : '' }}</td>
              </tr>
            } @empty {
              @if (!loading()) {
                <tr>
                  <td colspan="5" class="muted">{{ t('console.share.none') }}</td>
                </tr>
              }
            }
          </tbody>
        </table>
      </div>
      @if (nextCursor()) {
        <button mat-stroked-button type="button" (click)="load(nextCursor())" [disabled]="loading()">
          {{ t('console.common.more') }}
        </button>
      }

      <div class="card share-box">
        <h2>{{ t('console.share.chosen', { count: selected().size }) }}</h2>
        @if (source() === 'jira_issue') {
          <app-field-picker
            [(selected)]="jiraFields"
            [workspaceId]="id()"
            [legend]="t('console.share.fieldsLegend')"
          />
        } @else {
          <app-field-picker
            source="feishu_doc"
            [(selected)]="documentFields"
            [legend]="t('console.share.fieldsLegend')"
          />
          <p class="muted">{{ t('console.share.feishuFields') }}</p>
        }
        <div class="actions">
          <button
            mat-flat-button
            type="button"
            (click)="share()"
            [disabled]="sharing() || selected().size === 0"
          >
            {{ t('console.share.shareButton', { count: selected().size }) }}
          </button>
        </div>
      </div>
    </section>
  `,
  styles: `
    .search {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 16px;
      align-items: flex-start;
      margin-top: 16px;
    }
    .jql {
      flex: 1 1 320px;
      min-width: 0;
    }
    .quick {
      margin: 8px 0 16px;
    }
    .share-box {
      margin-top: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SharePickerPage implements OnInit {
  private readonly api = inject(SharingApi);
  private readonly workspacesApi = inject(WorkspacesApi);
  private readonly router = inject(Router);

  /** Route parameter: the workspace. */
  readonly id = input.required<string>();

  readonly quickFilters = QUICK_FILTERS;
  readonly workspace = signal<Workspace | null>(null);
  readonly source = signal<SourceType>('jira_issue');
  readonly jql = signal('');
  readonly entries = signal<SourceEntry[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly selected = signal<ReadonlySet<string>>(new Set());
  /** Each source type keeps its own allowlist: switching back and forth loses no choice. */
  readonly jiraFields = signal<string[]>([]);
  readonly documentFields = signal<string[]>([...DEFAULT_DOCUMENT_FIELDS]);
  readonly loading = signal(false);
  readonly sharing = signal(false);
  readonly problem = signal<ApiProblem | null>(null);
  private requestSeq = 0;
  readonly scopeText = computed(() => {
    const ws = this.workspace();
    if (!ws?.jiraProjectKey) return '—';
    return ws.jiraScopeJql
      ? `project = ${ws.jiraProjectKey} AND (${ws.jiraScopeJql})`
      : `project = ${ws.jiraProjectKey}`;
  });

  ngOnInit(): void {
    void this.workspacesApi.get(this.id()).then(
      (ws) => {
        this.workspace.set(ws);
        this.jiraFields.set(jiraDefaultFields(ws.defaultFields));
        if (!ws.jiraProjectKey && ws.feishuFolderToken) this.source.set('feishu_doc');
        void this.load(null);
      },
      (error: unknown) => this.problem.set(toApiProblem(error)),
    );
  }

  selectSource(source: SourceType): void {
    this.source.set(source);
    this.selected.set(new Set());
    void this.load(null);
  }

  search(): void {
    this.selected.set(new Set());
    void this.load(null);
  }

  async load(cursor: string | null): Promise<void> {
    // Switching source or searching again while a page is on its way must not mix the answers.
    const request = ++this.requestSeq;
    this.loading.set(true);
    this.problem.set(null);
    if (!cursor) this.entries.set([]);
    try {
      const page =
        this.source() === 'jira_issue'
          ? await this.api.jiraIssues(this.id(), this.jql(), cursor)
          : await this.api.feishuDocuments(this.id(), cursor);
      if (request !== this.requestSeq) return;
      this.entries.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      if (request === this.requestSeq) this.problem.set(toApiProblem(error));
    } finally {
      if (request === this.requestSeq) this.loading.set(false);
    }
  }

  toggle(ref: string, on: boolean): void {
    this.selected.update((set) => {
      const next = new Set(set);
      if (on) next.add(ref);
      else next.delete(ref);
      return next;
    });
  }

  /** Shares each selected source; stops at the first refusal so the PM sees what and why. */
  async share(): Promise<void> {
    this.sharing.set(true);
    this.problem.set(null);
    const type = this.source();
    const fields = type === 'jira_issue' ? this.jiraFields() : this.documentFields();
    try {
      for (const ref of this.selected()) {
        await this.api.share(this.id(), type, ref, fields);
        this.toggle(ref, false);
      }
      await this.router.navigate(['/console/workspaces', this.id(), 'items']);
    } catch (error) {
      this.problem.set(toApiProblem(error));
      void this.load(null);
    } finally {
      this.sharing.set(false);
    }
  }
}
