import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import type {
  Acknowledgement,
  ItemSnapshot,
  ItemVersionSummary,
  SharedItemDetail,
  SourceEntry,
} from '../api/console-api.types';
import { SharingApi } from '../api/sharing-api.service';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { FieldPickerComponent } from '../ui/field-picker.component';
import { JIRA_BUILT_IN_FIELDS } from '../ui/jira-fields';
import { JiraKeyLinkComponent } from '../ui/jira-key-link.component';
import { JiraCommentsPanelComponent } from './jira-comments-panel.component';
import { ProblemAlertComponent } from '../ui/problem-alert.component';
import { OrderLinksComponent } from '../orders/order-links.component';
import { SnapshotViewComponent } from '../../item-content/snapshot-view.component';

/**
 * One shared item from the PM's side: the source next to exactly what the supplier will see,
 * the field allowlist, publishing with a note, its versions and who acknowledged them.
 */
@Component({
  selector: 'app-item-page',
  imports: [
    DatePipe,
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    TranslocoDirective,
    ProblemAlertComponent,
    OrderLinksComponent,
    FieldPickerComponent,
    SnapshotViewComponent,
    JiraKeyLinkComponent,
    JiraCommentsPanelComponent,
  ],
  template: `
    <section class="page" *transloco="let t">
      @if (item(); as it) {
        <p>
          <a [routerLink]="['/console/workspaces', it.workspaceId, 'items']">{{ t('console.item.back') }}</a>
        </p>
        <div class="toolbar">
          <h1 class="page-title">{{ it.title || preview()?.title || it.sourceRef }}</h1>
          @if (it.latestVersion > 0) {
            <span class="chip ok">{{ t('console.item.published', { n: it.latestVersion }) }}</span>
          } @else {
            <span class="chip warn">{{ t('console.items.unpublished') }}</span>
          }
          @if (it.withdrawnAt) {
            <span class="chip">{{ t('console.items.withdrawn') }}</span>
          }
        </div>
      }
      <app-problem-alert [problem]="problem()" />
      <p class="status-line" role="status">{{ notice() ? t(notice()!.key, notice()!.params) : '' }}</p>

      @if (item(); as it) {
        <div class="side-by-side">
          <section class="card" [attr.aria-labelledby]="'internal-h'">
            <h2 id="internal-h">{{ t('console.item.internal.' + it.type) }}</h2>
            <dl class="facts">
              <dt>{{ t('console.share.ref') }}</dt>
              <dd>
                @if (it.type === 'jira_issue') {
                  <app-jira-key-link [key]="it.sourceRef" />
                } @else {
                  <code>{{ it.sourceRef }}</code>
                }
              </dd>
              @if (source(); as s) {
                <dt>{{ t('console.share.titleCol') }}</dt>
                <dd>{{ s.title }}</dd>
                @if (s.status) {
                  <dt>{{ t('console.share.internalStatus') }}</dt>
                  <dd>{{ s.status }}</dd>
                }
                @if (s.type) {
                  <dt>{{ t('console.item.issueType') }}</dt>
                  <dd>{{ s.type }}</dd>
                }
                @if (s.updatedAt) {
                  <dt>{{ t('console.share.updated') }}</dt>
                  <dd>{{ s.updatedAt | date: 'medium' }}</dd>
                }
              }
              <dt>{{ t('console.item.sharedFields') }}</dt>
              <dd>{{ it.fields.join(', ') || '—' }}</dd>
              @if (it.type === 'jira_issue') {
                <dt>{{ t('console.item.withheld') }}</dt>
                <dd>{{ withheld().join(', ') || '—' }}</dd>
              }
            </dl>
            @if (it.flag) {
              <p class="chip warn">{{ t('console.items.flags.' + it.flag) }}</p>
            }
          </section>
          <section class="card supplier" [attr.aria-labelledby]="'supplier-h'">
            <h2 id="supplier-h">{{ t('console.item.asSupplier') }}</h2>
            @if (preview(); as snapshot) {
              <app-snapshot-view [snapshot]="snapshot" [heading]="true" />
            }
          </section>
        </div>

        @if (!it.withdrawnAt) {
          <app-order-links [itemId]="it.id" [workspaceId]="it.workspaceId" />
          @if (it.type === 'jira_issue') {
            <div class="card">
              <h2>{{ t('console.item.fieldsTitle') }}</h2>
              <app-field-picker
                [(selected)]="fields"
                [workspaceId]="it.workspaceId"
                [legend]="t('console.share.fieldsLegend')"
              />
              <button mat-stroked-button type="button" (click)="applyFields()" [disabled]="busy()">
                {{ t('console.item.applyFields') }}
              </button>
            </div>
          }

          <div class="card">
            <h2>{{ t('console.item.publishTitle') }}</h2>
            <mat-form-field class="note">
              <mat-label>{{ t('console.item.note') }}</mat-label>
              <textarea matInput rows="2" maxlength="2000" [(ngModel)]="note"></textarea>
            </mat-form-field>
            <div class="actions">
              <button mat-flat-button type="button" (click)="publish()" [disabled]="busy()">
                {{ t('console.item.publish') }}
              </button>
              <button mat-button type="button" (click)="withdraw()" [disabled]="busy()">
                {{ t('console.item.withdraw') }}
              </button>
            </div>
          </div>
        }

        @if (it.type === 'jira_issue') {
          <app-jira-comments-panel [itemId]="it.id" />
        }

        <div class="card">
          <h2>{{ t('console.item.versions') }}</h2>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{{ t('console.item.versionCol') }}</th>
                  <th scope="col">{{ t('console.item.publishedAt') }}</th>
                  <th scope="col">{{ t('console.item.noteCol') }}</th>
                  <th scope="col">{{ t('console.item.acknowledgedBy') }}</th>
                </tr>
              </thead>
              <tbody>
                @for (v of versions(); track v.version) {
                  <tr>
                    <td>v{{ v.version }}</td>
                    <td>{{ v.publishedAt | date: 'medium' }}</td>
                    <td>{{ v.note ?? '' }}</td>
                    <td>
                      @for (a of acksFor(v.version); track a.userId) {
                        <div>{{ a.displayName || a.userId }} · {{ a.at | date: 'short' }}</div>
                      } @empty {
                        <span class="muted">{{ t('console.item.noAcks') }}</span>
                      }
                    </td>
                  </tr>
                } @empty {
                  <tr>
                    <td colspan="4" class="muted">{{ t('console.item.noVersions') }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        </div>
      }
    </section>
  `,
  styles: `
    .side-by-side {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
      gap: 16px;
    }
    .supplier {
      border-color: var(--mat-sys-primary);
    }
    .facts dt {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
      margin-top: 8px;
    }
    .facts dd {
      margin: 2px 0 0;
      overflow-wrap: anywhere;
    }
    .note {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ItemPage implements OnInit {
  private readonly api = inject(SharingApi);

  /** Route parameter: the shared item. */
  readonly id = input.required<string>();

  readonly item = signal<SharedItemDetail | null>(null);
  readonly source = signal<SourceEntry | null>(null);
  readonly preview = signal<ItemSnapshot | null>(null);
  readonly versions = signal<ItemVersionSummary[]>([]);
  readonly acks = signal<Acknowledgement[]>([]);
  readonly fields = signal<string[]>([]);
  readonly busy = signal(false);
  readonly problem = signal<ApiProblem | null>(null);
  readonly notice = signal<{ key: string; params: Record<string, unknown> } | null>(null);
  readonly withheld = computed(() => JIRA_BUILT_IN_FIELDS.filter((f) => !this.fields().includes(f)));
  note = '';

  ngOnInit(): void {
    void this.load();
  }

  acksFor(version: number): Acknowledgement[] {
    return this.acks().filter((a) => a.version === version);
  }

  async load(): Promise<void> {
    this.problem.set(null);
    try {
      const item = await this.api.get(this.id());
      this.item.set(item);
      this.fields.set([...item.fields]);
      const [versions, acks] = await Promise.all([
        this.api.versions(item.id),
        this.api.acknowledgements(item.id),
      ]);
      this.versions.set(versions.items);
      this.acks.set(acks);
      if (!item.withdrawnAt) this.preview.set(await this.api.preview(item.id));
      if (item.type === 'jira_issue') void this.loadSource(item);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  async applyFields(): Promise<void> {
    await this.run(async () => {
      await this.api.updateFields(this.id(), this.fields());
      this.preview.set(await this.api.preview(this.id()));
      this.notice.set({ key: 'console.item.fieldsApplied', params: {} });
    });
  }

  async publish(): Promise<void> {
    await this.run(async () => {
      const version = await this.api.publish(this.id(), this.note);
      this.note = '';
      this.notice.set({ key: 'console.item.publishedNotice', params: { n: version.version } });
      await this.load();
    });
  }

  async withdraw(): Promise<void> {
    await this.run(async () => {
      await this.api.withdraw(this.id());
      this.notice.set({ key: 'console.item.withdrawnNotice', params: {} });
      await this.load();
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    this.notice.set(null);
    try {
      await action();
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  /** The issue as Jira shows it internally (status before the status map), through the workspace scope. */
  private async loadSource(item: SharedItemDetail): Promise<void> {
    try {
      const page = await this.api.jiraIssues(
        item.workspaceId,
        `key = "${item.sourceRef.replace(/"/g, '')}"`,
        null,
        1,
      );
      this.source.set(page.items[0] ?? null);
    } catch {
      // The internal facts are a convenience; the supplier preview above is what matters.
    }
  }
}
