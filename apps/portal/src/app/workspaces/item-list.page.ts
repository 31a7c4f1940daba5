import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import { debounceTime } from 'rxjs';
import { SupplierWorkspace } from '../core/api/api-types';
import type { AppAbility } from '../core/auth/ability';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { NotFoundPage } from '../not-found/not-found.page';
import { SharingApi } from '../items/sharing-api.service';
import { ItemFilters, SharedItem, SourceType } from '../items/sharing.types';

/**
 * The items shared in one workspace, newest publication first or by due date, with filters (due
 * within N days, overdue), the shared due date and priority of each, overdue ones marked, and "new" badges.
 */
@Component({
  selector: 'app-item-list-page',
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatCheckboxModule,
    MatButtonModule,
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    NotFoundPage,
  ],
  templateUrl: './item-list.page.html',
  styleUrl: './item-list.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ItemListPage {
  private readonly api = inject(SharingApi);
  /** Route parameter. */
  readonly id = input.required<string>();
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);
  readonly canReadOrders = computed(() => this.abilities.can('read', 'PurchaseOrder'));

  readonly filters = inject(NonNullableFormBuilder).group({
    q: [''],
    type: ['' as SourceType | ''],
    status: [''],
    updatedSince: [''],
    unseen: [false],
    sort: ['published' as 'published' | 'dueDate'],
    due: ['' as NonNullable<ItemFilters['due']>],
  });
  /** "Due within N days" choices of the due filter. */
  readonly dueWithinChoices = ['7', '14', '30'] as const;
  readonly workspace = signal<SupplierWorkspace | null>(null);
  readonly items = signal<SharedItem[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly state = signal<'loading' | 'ready' | 'notFound' | 'failed'>('loading');

  constructor() {
    effect(() => {
      const id = this.id();
      void this.loadWorkspace(id);
      void this.load();
    });
    this.filters.valueChanges
      .pipe(debounceTime(250), takeUntilDestroyed(inject(DestroyRef)))
      .subscribe(() => void this.load());
  }

  async load(cursor?: string): Promise<void> {
    const raw = this.filters.getRawValue();
    const filters: ItemFilters = {
      ...raw,
      updatedSince: raw.updatedSince ? new Date(`${raw.updatedSince}T00:00:00`).toISOString() : undefined,
    };
    try {
      const page = await this.api.items(this.id(), filters, cursor);
      this.items.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
      this.state.set('ready');
    } catch (error) {
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }

  clearFilters(): void {
    this.filters.reset();
  }

  private async loadWorkspace(id: string): Promise<void> {
    try {
      this.workspace.set(await this.api.workspace(id));
    } catch {
      this.workspace.set(null);
    }
  }
}
