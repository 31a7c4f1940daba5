import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import type { SharedItem, Workspace } from '../api/console-api.types';
import { SharingApi } from '../api/sharing-api.service';
import { WorkspacesApi } from '../api/workspaces-api.service';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { CursorList } from '../../core/api/cursor-list';
import { JiraKeyLinkComponent } from '../ui/jira-key-link.component';
import { ListTableComponent } from '../ui/list-table.component';

/** Everything shared in one workspace, with its publication state, pending draft and source problems. */
@Component({
  selector: 'app-workspace-items-page',
  imports: [
    ListTableComponent,
    DatePipe,
    RouterLink,
    MatButtonModule,
    TranslocoDirective,
    JiraKeyLinkComponent,
  ],
  template: `
    <section class="page" *transloco="let t">
      <p>
        <a routerLink="/console/workspaces">{{ t('console.workspaces.back') }}</a>
      </p>
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.items.title', { name: workspace()?.name ?? '' }) }}</h1>
        <a mat-stroked-button [routerLink]="['/console/workspaces', id()]">{{
          t('console.items.settings')
        }}</a>
        <a mat-stroked-button [routerLink]="['/console/workspaces', id(), 'transmittals']">{{
          t('console.transmittals.nav')
        }}</a>
        <a mat-flat-button [routerLink]="['/console/workspaces', id(), 'share']">{{
          t('console.items.share')
        }}</a>
      </div>
      <app-list-table
        [list]="list"
        [caption]="t('console.items.caption')"
        [empty]="t('console.items.empty')"
        [problem]="problem()"
        [columns]="[
          t('console.items.item'),
          t('console.items.source'),
          t('console.items.supplierStatus'),
          t('console.items.version'),
          t('console.items.state'),
        ]"
      >
        @for (item of list.items(); track item.id) {
          <tr>
            <td>
              <a [routerLink]="['/console/items', item.id]">{{
                item.title || draftTitles().get(item.id) || item.sourceRef
              }}</a>
            </td>
            <td>
              {{ t('console.items.types.' + item.type) }}
              @if (item.type === 'jira_issue') {
                <app-jira-key-link [key]="item.sourceRef" />
              } @else {
                <code>{{ item.sourceRef }}</code>
              }
            </td>
            <td>{{ item.status ?? '' }}</td>
            <td>
              @if (item.latestVersion > 0) {
                v{{ item.latestVersion }} · {{ item.lastPublishedAt | date: 'mediumDate' }}
              } @else {
                <span class="chip warn">{{ t('console.items.unpublished') }}</span>
              }
            </td>
            <td>
              @if (item.withdrawnAt) {
                <span class="chip">{{ t('console.items.withdrawn') }}</span>
              } @else if (item.hasDraft && item.latestVersion > 0) {
                <span class="chip warn">{{ t('console.items.draft') }}</span>
              }
              @if (item.flag) {
                <span class="chip warn">{{ t('console.items.flags.' + item.flag) }}</span>
              }
            </td>
          </tr>
        }
      </app-list-table>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WorkspaceItemsPage implements OnInit {
  private readonly api = inject(SharingApi);
  private readonly workspacesApi = inject(WorkspacesApi);

  /** Route parameter: the workspace. */
  readonly id = input.required<string>();

  readonly workspace = signal<Workspace | null>(null);
  readonly list = new CursorList<SharedItem>((cursor) => this.api.items(this.id(), cursor), {
    shown: (items) => void this.loadDraftTitles(items),
  });
  /** Titles of never-published items, which the list cannot carry: they exist only as a preview. */
  readonly draftTitles = signal<ReadonlyMap<string, string>>(new Map());
  readonly problem = signal<ApiProblem | null>(null);

  ngOnInit(): void {
    void this.workspacesApi.get(this.id()).then(
      (ws) => this.workspace.set(ws),
      (error: unknown) => this.problem.set(toApiProblem(error)),
    );
    void this.list.reload();
  }

  private async loadDraftTitles(items: SharedItem[]): Promise<void> {
    const unpublished = items.filter((i) => i.latestVersion === 0 && !i.withdrawnAt).slice(0, 20);
    const previews = await Promise.allSettled(unpublished.map((i) => this.api.preview(i.id)));
    this.draftTitles.update((titles) => {
      const next = new Map(titles);
      previews.forEach((p, i) => {
        if (p.status === 'fulfilled' && p.value.title) next.set(unpublished[i]!.id, p.value.title);
      });
      return next;
    });
  }
}
