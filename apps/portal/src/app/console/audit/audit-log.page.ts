import { DatePipe, JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoDirective } from '@jsverse/transloco';
import { AuditApi } from '../api/audit-api.service';
import type { AuditEvent, AuditFilter } from '../api/console-api.types';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { CursorList } from '../../core/api/cursor-list';
import { Directory, PeopleDirectory } from '../ui/people-directory';
import { ListTableComponent } from '../ui/list-table.component';

/** The audit trail, filtered by actor, organisation, action, resource and time; exportable as CSV. */
@Component({
  selector: 'app-audit-log-page',
  imports: [
    ListTableComponent,
    ReactiveFormsModule,
    DatePipe,
    JsonPipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    TranslocoDirective,
  ],
  template: `
    <section class="page" *transloco="let t">
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.audit.title') }}</h1>
        <button mat-stroked-button type="button" (click)="exportCsv()" [disabled]="exporting()">
          {{ t('console.audit.export') }}
        </button>
      </div>

      <form class="card" [formGroup]="form" (ngSubmit)="apply()">
        <h2>{{ t('console.audit.filters') }}</h2>
        <div class="form-row">
          <mat-form-field>
            <mat-label>{{ t('console.audit.actor') }}</mat-label>
            <mat-select formControlName="actorId">
              <mat-option value="">{{ t('console.audit.anyone') }}</mat-option>
              @for (p of directory()?.people ?? []; track p.id) {
                <mat-option [value]="p.id">{{ p.email }} ({{ p.orgName }})</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ t('console.audit.org') }}</mat-label>
            <mat-select formControlName="orgId">
              <mat-option value="">{{ t('console.audit.anyOrg') }}</mat-option>
              @for (o of directory()?.orgs ?? []; track o.id) {
                <mat-option [value]="o.id">{{ o.name }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ t('console.audit.action') }}</mat-label>
            <input matInput formControlName="action" placeholder="item.*" spellcheck="false" />
            <mat-hint>{{ t('console.audit.actionHint') }}</mat-hint>
            @if (form.controls.action.invalid) {
              <mat-error>{{ t('console.audit.actionInvalid') }}</mat-error>
            }
          </mat-form-field>
        </div>
        <div class="form-row">
          <mat-form-field>
            <mat-label>{{ t('console.audit.resourceType') }}</mat-label>
            <input matInput formControlName="resourceType" maxlength="50" spellcheck="false" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ t('console.audit.resourceId') }}</mat-label>
            <input matInput formControlName="resourceId" maxlength="200" spellcheck="false" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ t('console.audit.from') }}</mat-label>
            <input matInput type="datetime-local" formControlName="from" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ t('console.audit.to') }}</mat-label>
            <input matInput type="datetime-local" formControlName="to" />
          </mat-form-field>
        </div>
        <div class="actions">
          <button mat-flat-button type="submit" [disabled]="list.loading()">
            {{ t('console.audit.apply') }}
          </button>
          <button mat-button type="button" (click)="clear()">{{ t('console.audit.clear') }}</button>
        </div>
      </form>

      <app-list-table
        [list]="list"
        [caption]="t('console.audit.title')"
        [empty]="t('console.audit.empty')"
        [problem]="problem()"
        [columns]="[
          t('console.audit.at'),
          t('console.audit.actor'),
          t('console.audit.action'),
          t('console.audit.resource'),
          t('console.audit.org'),
          t('console.audit.details'),
        ]"
      >
        @for (e of list.items(); track e.id) {
          <tr>
            <td>{{ e.at | date: 'medium' }}</td>
            <td>{{ actorName(e) }}</td>
            <td>
              <code>{{ e.action }}</code>
            </td>
            <td>
              @if (e.resourceType) {
                {{ e.resourceType }} <code class="id">{{ e.resourceId }}</code>
              }
            </td>
            <td>{{ e.orgId ? (directory()?.orgById?.get(e.orgId)?.name ?? e.orgId) : '' }}</td>
            <td>
              <details>
                <summary>{{ t('console.audit.show') }}</summary>
                <pre>{{ e.details | json }}</pre>
                @if (e.ip) {
                  <div class="muted">{{ e.ip }} · {{ e.userAgent }}</div>
                }
              </details>
            </td>
          </tr>
        }
      </app-list-table>
    </section>
  `,
  styles: `
    pre {
      max-width: 40ch;
      overflow-x: auto;
      font-size: 12px;
    }
    code.id {
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditLogPage implements OnInit {
  private readonly api = inject(AuditApi);
  private readonly people = inject(PeopleDirectory);

  readonly form = inject(NonNullableFormBuilder).group({
    actorId: [''],
    orgId: [''],
    action: ['', Validators.pattern(/^[a-z0-9_.]+(\.\*)?$/)],
    resourceType: [''],
    resourceId: [''],
    from: [''],
    to: [''],
  });
  readonly directory = signal<Directory | null>(null);
  /** A newer filter wins over an answer still on its way. */
  readonly list = new CursorList<AuditEvent>((cursor) => this.api.list(this.applied, cursor));
  readonly exporting = signal(false);
  /** What went wrong with the export. */
  readonly problem = signal<ApiProblem | null>(null);
  /** The filter the list shows; export uses the same, not unapplied edits. */
  private applied: AuditFilter = {};

  ngOnInit(): void {
    void this.people.load().then(
      (d) => this.directory.set(d),
      () => undefined,
    );
    void this.list.reload();
  }

  actorName(event: AuditEvent): string {
    if (!event.actorId) return '—';
    return this.directory()?.personById.get(event.actorId)?.email ?? event.actorId;
  }

  apply(): void {
    if (this.form.invalid) return;
    this.applied = toFilter(this.form.getRawValue());
    void this.list.reload();
  }

  clear(): void {
    this.form.reset();
    this.applied = {};
    void this.list.reload();
  }

  async exportCsv(): Promise<void> {
    this.exporting.set(true);
    this.problem.set(null);
    try {
      const { blob, fileName } = await this.api.exportCsv(this.applied);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      // The click has handed the blob to the download manager; release it on the next tick.
      setTimeout(() => URL.revokeObjectURL(url));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.exporting.set(false);
    }
  }
}

function toFilter(value: {
  actorId: string;
  orgId: string;
  action: string;
  resourceType: string;
  resourceId: string;
  from: string;
  to: string;
}): AuditFilter {
  const filter: AuditFilter = {};
  if (value.actorId) filter.actorId = value.actorId;
  if (value.orgId) filter.orgId = value.orgId;
  if (value.action.trim()) filter.action = value.action.trim();
  if (value.resourceType.trim()) filter.resourceType = value.resourceType.trim();
  if (value.resourceId.trim()) filter.resourceId = value.resourceId.trim();
  if (value.from) filter.from = new Date(value.from).toISOString();
  if (value.to) filter.to = new Date(value.to).toISOString();
  return filter;
}
