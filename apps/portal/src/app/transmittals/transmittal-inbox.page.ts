import {
  ChangeDetectionStrategy,
  Component,
  effect,
  inject,
  input,
  OnInit,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import type { SupplierWorkspace } from '../core/api/api-types';
import { CursorList } from '../core/api/cursor-list';
import { LoadMoreComponent } from '../core/api/load-more.component';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { SharingApi } from '../items/sharing-api.service';
import { INBOX_TABS, InboxTab, stateKey } from './transmittals';
import { TransmittalsApi } from './transmittals-api.service';
import type { TransmittalSummary } from './transmittals.types';

const TABS: InboxTab[] = ['all', ...INBOX_TABS];

/** The supplier's transmittals: all, or unread / awaiting response / overdue / answered, per workspace. */
@Component({
  selector: 'app-transmittal-inbox-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    LoadMoreComponent,
  ],
  template: `
    <section class="page transmittals" *transloco="let t">
      <h1 class="page-title">{{ t('transmittals.title') }}</h1>
      <nav class="tabs" [attr.aria-label]="t('transmittals.filterBy')">
        @for (tab of tabs; track tab) {
          <a
            [routerLink]="[]"
            [queryParams]="{ state: tab === 'all' ? null : tab }"
            queryParamsHandling="merge"
            [attr.aria-current]="current() === tab ? 'page' : null"
            >{{ t('transmittals.tabs.' + tab) }}</a
          >
        }
      </nav>
      @if (workspaces().length > 1) {
        <mat-form-field class="filters">
          <mat-label>{{ t('transmittals.workspace') }}</mat-label>
          <mat-select [value]="workspace() ?? ''" (selectionChange)="setWorkspace($event.value)">
            <mat-option value="">{{ t('transmittals.allWorkspaces') }}</mat-option>
            @for (ws of workspaces(); track ws.id) {
              <mat-option [value]="ws.id">{{ ws.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      }
      @if (list.problem()) {
        <p role="alert" class="error">{{ t('common.loadFailed') }}</p>
      }
      <ul class="transmittal-list">
        @for (tr of list.items(); track tr.id) {
          <li [class.unread]="tr.supplierState === 'unread'" [attr.data-transmittal]="tr.number">
            <a class="title" [routerLink]="['/transmittals', tr.id]">
              <span class="number">{{ tr.number }}</span> {{ tr.subject }}
            </a>
            <span class="chip" [class]="'chip ' + (tr.supplierState ?? tr.status)">{{
              t(stateKey(tr))
            }}</span>
            <span class="meta">{{ tr.purposeLabel }}</span>
            <span class="meta">{{ t('transmittals.contentCount', { count: tr.contentCount }) }}</span>
            @if (tr.issuedAt) {
              <span class="meta">{{ t('transmittals.issuedOn', { date: (tr.issuedAt | localDate) }) }}</span>
            }
            @if (tr.dueDate && tr.responseRequired) {
              <span class="meta">{{ t('transmittals.dueOn', { date: (tr.dueDate | localDate) }) }}</span>
            }
          </li>
        } @empty {
          @if (!list.loading() && !list.problem()) {
            <li class="empty">{{ t('transmittals.empty') }}</li>
          }
        }
      </ul>
      <app-load-more [list]="list" label="common.loadMore" />
    </section>
  `,
  styleUrl: './transmittals.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TransmittalInboxPage implements OnInit {
  private readonly api = inject(TransmittalsApi);
  private readonly sharing = inject(SharingApi);
  private readonly router = inject(Router);
  /** Query parameters (`?state=unread&workspace=<id>`), so a filtered inbox can be linked and reloaded. */
  readonly state = input<string>();
  readonly workspace = input<string>();

  readonly tabs = TABS;
  readonly stateKey = stateKey;
  readonly workspaces = signal<SupplierWorkspace[]>([]);
  readonly current = signal<InboxTab>('all');
  readonly list = new CursorList<TransmittalSummary>((cursor) =>
    this.api.inbox({ state: this.current(), workspaceId: this.workspace() || undefined }, cursor),
  );

  constructor() {
    // The query parameters are the filter: a changed one starts the list over.
    effect(() => {
      const state = this.state();
      this.workspace();
      untracked(() => {
        this.current.set(TABS.includes(state as InboxTab) ? (state as InboxTab) : 'all');
        void this.list.reload();
      });
    });
  }

  ngOnInit(): void {
    void this.sharing.workspaces().then(
      (page) => this.workspaces.set(page.items),
      () => undefined,
    );
  }

  setWorkspace(id: string): void {
    void this.router.navigate([], { queryParams: { workspace: id || null }, queryParamsHandling: 'merge' });
  }
}
