import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { PureAbility } from '@casl/ability';
import { TranslocoDirective } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { ProblemDetails } from '../core/api/api-types';
import { AppAbility } from '../core/auth/ability';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { NotFoundPage } from '../not-found/not-found.page';
import { DefectsApi } from './defects-api.service';
import { DefectSummary, SEVERITIES, Severity } from './defects.types';

/** Defects of a workspace with their status, and the form to report a new one. */
@Component({
  selector: 'app-defect-list-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    NotFoundPage,
  ],
  templateUrl: './defect-list.page.html',
  styleUrl: './defects.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DefectListPage {
  private readonly api = inject(DefectsApi);
  private readonly router = inject(Router);
  private readonly ability = inject<AppAbility>(PureAbility);
  /** Route parameter: the workspace. */
  readonly id = input.required<string>();
  readonly defects = signal<DefectSummary[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly state = signal<'loading' | 'ready' | 'notFound' | 'failed'>('loading');
  readonly canReport = signal(false);
  readonly reporting = signal(false);
  readonly reportError = signal<string | null>(null);
  readonly severities = SEVERITIES;
  readonly form = inject(NonNullableFormBuilder).group({
    title: ['', [Validators.required, Validators.maxLength(300)]],
    severity: ['major' as Severity, Validators.required],
    description: ['', Validators.required],
    stepsToReproduce: [''],
  });

  constructor() {
    const refresh = () => this.canReport.set(this.ability.can('create', 'Defect'));
    refresh();
    inject(DestroyRef).onDestroy(this.ability.on('updated', refresh));
    effect(() => void this.load(undefined, this.id()));
  }

  async load(cursor?: string, workspaceId = this.id()): Promise<void> {
    try {
      const page = await firstValueFrom(this.api.list(workspaceId, cursor));
      this.defects.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
      this.state.set('ready');
    } catch (error) {
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }

  async report(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.reporting.set(true);
    this.reportError.set(null);
    const { title, severity, description, stepsToReproduce } = this.form.getRawValue();
    try {
      const defect = await firstValueFrom(
        this.api.report(this.id(), {
          title: title.trim(),
          severity,
          description: description.trim(),
          ...(stepsToReproduce.trim() ? { stepsToReproduce: stepsToReproduce.trim() } : {}),
        }),
      );
      await this.router.navigate(['/defects', defect.id]);
    } catch (error) {
      const problem = error instanceof HttpErrorResponse ? ((error.error ?? {}) as ProblemDetails) : {};
      this.reportError.set(
        problem.errors?.map((e) => `${e.field} ${e.message}`).join('; ') || problem.detail || String(error),
      );
    } finally {
      this.reporting.set(false);
    }
  }
}
