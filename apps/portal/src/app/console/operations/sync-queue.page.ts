import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { TranslocoDirective } from '@jsverse/transloco';
import { SYNC_JOB_STATES, SyncJob, SyncJobState } from '../api/console-api.types';
import { OperationsApi } from '../api/operations-api.service';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

/** Outbound sync jobs by state; dead-lettered ones (state `failed`) can be retried one by one or together. */
@Component({
  selector: 'app-sync-queue-page',
  imports: [
    DatePipe,
    MatButtonModule,
    MatButtonToggleModule,
    MatCheckboxModule,
    TranslocoDirective,
    ProblemAlertComponent,
  ],
  template: `
    <section class="page" *transloco="let t">
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.sync.title') }}</h1>
        <button mat-stroked-button type="button" (click)="load(null)" [disabled]="loading()">
          {{ t('console.common.refresh') }}
        </button>
      </div>
      <mat-button-toggle-group
        [value]="state()"
        (change)="selectState($event.value)"
        [attr.aria-label]="t('console.sync.stateLabel')"
      >
        @for (s of states; track s) {
          <mat-button-toggle [value]="s">{{ t('console.sync.states.' + s) }}</mat-button-toggle>
        }
      </mat-button-toggle-group>
      <p class="muted">{{ t('console.sync.hints.' + state()) }}</p>

      @if (state() === 'failed' && jobs().length) {
        <div class="actions">
          <button
            mat-flat-button
            type="button"
            (click)="retry(selectedJobs())"
            [disabled]="busy() || selected().size === 0"
          >
            {{ t('console.sync.retrySelected', { count: selected().size }) }}
          </button>
        </div>
      }
      <p class="status-line" role="status">
        @if (retried() !== null) {
          {{ t('console.sync.retried', { count: retried() }) }}
        }
      </p>
      <app-problem-alert [problem]="problem()" />

      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden">
            {{
              t('console.sync.title')
            }}
          </caption>
          <thead>
            <tr>
              @if (state() === 'failed') {
                <th scope="col">
                  <mat-checkbox
                    [checked]="allSelected()"
                    [disabled]="jobs().length === 0"
                    [indeterminate]="selected().size > 0 && !allSelected()"
                    (change)="selectAll($event.checked)"
                    [aria-label]="t('console.sync.selectAll')"
                  />
                </th>
              }
              <th scope="col">{{ t('console.sync.queue') }}</th>
              <th scope="col">{{ t('console.sync.target') }}</th>
              <th scope="col">{{ t('console.sync.ref') }}</th>
              <th scope="col">{{ t('console.sync.attempts') }}</th>
              <th scope="col">{{ t('console.sync.lastError') }}</th>
              <th scope="col">{{ t('console.sync.nextRun') }}</th>
              <th scope="col">{{ t('console.common.created') }}</th>
              @if (state() === 'failed') {
                <th scope="col">
                  <span class="visually-hidden">{{ t('console.common.actions') }}</span>
                </th>
              }
            </tr>
          </thead>
          <tbody>
            @for (job of jobs(); track job.id) {
              <tr>
                @if (state() === 'failed') {
                  <td>
                    <mat-checkbox
                      [checked]="selected().has(job.id)"
                      (change)="toggle(job.id, $event.checked)"
                      [aria-label]="t('console.sync.select', { queue: job.queue, id: job.id })"
                    />
                  </td>
                }
                <td>
                  <code>{{ job.queue }}</code>
                </td>
                <td>{{ job.target }}</td>
                <td>
                  @if (job.ref; as ref) {
                    {{ ref.type }} <code>{{ ref.id }}</code>
                  }
                </td>
                <td>{{ job.attempts }} / {{ job.maxAttempts }}</td>
                <td class="error-cell">{{ job.lastError ?? '' }}</td>
                <td>{{ job.nextRunAt ? (job.nextRunAt | date: 'medium') : '—' }}</td>
                <td>{{ job.createdAt | date: 'medium' }}</td>
                @if (state() === 'failed') {
                  <td>
                    <button
                      mat-button
                      type="button"
                      (click)="retry([job])"
                      [disabled]="busy()"
                      [attr.aria-label]="t('console.sync.retryOne', { queue: job.queue })"
                    >
                      {{ t('console.sync.retry') }}
                    </button>
                  </td>
                }
              </tr>
            } @empty {
              @if (!loading()) {
                <tr>
                  <td [attr.colspan]="state() === 'failed' ? 9 : 7" class="muted">
                    {{ t('console.sync.empty') }}
                  </td>
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
    </section>
  `,
  styles: `
    .error-cell {
      max-width: 28ch;
      overflow-wrap: anywhere;
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SyncQueuePage implements OnInit {
  private readonly api = inject(OperationsApi);

  readonly states = SYNC_JOB_STATES;
  readonly state = signal<SyncJobState>('failed');
  readonly jobs = signal<SyncJob[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly selected = signal<ReadonlySet<string>>(new Set());
  readonly selectedJobs = computed(() => this.jobs().filter((j) => this.selected().has(j.id)));
  readonly allSelected = computed(
    () => this.jobs().length > 0 && this.selected().size === this.jobs().length,
  );
  private requestSeq = 0;
  readonly loading = signal(false);
  readonly busy = signal(false);
  readonly problem = signal<ApiProblem | null>(null);
  readonly retried = signal<number | null>(null);

  ngOnInit(): void {
    void this.load(null);
  }

  selectState(state: SyncJobState): void {
    this.state.set(state);
    this.retried.set(null);
    void this.load(null);
  }

  async load(cursor: string | null): Promise<void> {
    // A newer filter or state wins over an answer still on its way.
    const request = ++this.requestSeq;
    this.loading.set(true);
    this.problem.set(null);
    if (!cursor) this.selected.set(new Set());
    try {
      const page = await this.api.jobs(this.state(), cursor);
      if (request !== this.requestSeq) return;
      this.jobs.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      if (request === this.requestSeq) this.problem.set(toApiProblem(error));
    } finally {
      if (request === this.requestSeq) this.loading.set(false);
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
    this.selected.set(on ? new Set(this.jobs().map((j) => j.id)) : new Set());
  }

  /** Retries one at a time: each re-drive is its own audited transaction, and one refusal must not stop the rest. */
  async retry(jobs: SyncJob[]): Promise<void> {
    if (!jobs.length) return;
    this.busy.set(true);
    this.problem.set(null);
    this.retried.set(null);
    const done = new Set<string>();
    for (const job of jobs) {
      try {
        await this.api.retry(job.id);
        done.add(job.id);
      } catch (error) {
        this.problem.set(toApiProblem(error));
      }
    }
    this.jobs.update((list) => list.filter((j) => !done.has(j.id)));
    this.selected.update((set) => new Set([...set].filter((id) => !done.has(id))));
    this.retried.set(done.size);
    this.busy.set(false);
  }
}
