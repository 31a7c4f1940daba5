import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import { SupplierWorkspace } from '../core/api/api-types';
import type { AppAbility } from '../core/auth/ability';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { SharingApi } from '../items/sharing-api.service';
import { SharedItem } from '../items/sharing.types';
import { NotFoundPage } from '../not-found/not-found.page';
import { groupByWeek, statusTones, weekStart } from './schedule';

/**
 * The workspace's progress schedule: shared items with a due date on a timeline by week, coloured by
 * their supplier-facing status, overdue ones marked. Prints on its own (schedule.page.scss @media print).
 */
@Component({
  selector: 'app-schedule-page',
  imports: [MatButtonModule, RouterLink, TranslocoDirective, LocalDatePipe, NotFoundPage],
  templateUrl: './schedule.page.html',
  styleUrl: './schedule.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SchedulePage {
  private readonly api = inject(SharingApi);
  /** Route parameter. */
  readonly id = input.required<string>();
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);
  readonly canReadOrders = computed(() => this.abilities.can('read', 'PurchaseOrder'));

  readonly workspace = signal<SupplierWorkspace | null>(null);
  readonly items = signal<SharedItem[]>([]);
  readonly state = signal<'loading' | 'ready' | 'notFound' | 'failed'>('loading');
  readonly weeks = computed(() => groupByWeek(this.items()));
  readonly tones = computed(() => statusTones(this.items()));
  readonly legend = computed(() => [...this.tones().entries()]);
  readonly today = new Date().toISOString().slice(0, 10);
  readonly thisWeek = weekStart(this.today);

  constructor() {
    effect(() => void this.load(this.id()));
  }

  tone(item: SharedItem): number {
    return (item.status && this.tones().get(item.status)) || 0;
  }

  print(): void {
    window.print();
  }

  private async load(id: string): Promise<void> {
    this.state.set('loading');
    try {
      const [workspace, items] = await Promise.all([this.api.workspace(id), this.api.scheduled(id)]);
      this.workspace.set(workspace);
      this.items.set(items);
      this.state.set('ready');
    } catch (error) {
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }
}
