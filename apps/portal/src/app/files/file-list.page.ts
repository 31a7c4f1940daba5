import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { AbilityServiceSignal } from '@casl/angular';
import { TranslocoDirective } from '@jsverse/transloco';
import { AppAbility } from '../core/auth/ability';
import { LocalDatePipe } from '../core/i18n/local-date.pipe';
import { NotFoundPage } from '../not-found/not-found.page';
import { FilesApi } from './files-api.service';
import { PortalFile } from './files.types';

/** The drawings and documents of one workspace; suppliers add new ones here. */
@Component({
  selector: 'app-file-list-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    RouterLink,
    TranslocoDirective,
    LocalDatePipe,
    NotFoundPage,
  ],
  template: `
    @if (state() === 'notFound') {
      <app-not-found-page />
    } @else {
      <section class="page" *transloco="let t">
        <nav class="tabs" [attr.aria-label]="t('workspaces.sections')">
          <a [routerLink]="['/workspaces', id()]">{{ t('workspaces.items') }}</a>
          <a [routerLink]="['/workspaces', id(), 'schedule']">{{ t('schedule.title') }}</a>
          <a [routerLink]="['/workspaces', id(), 'files']" aria-current="page">{{ t('files.title') }}</a>
          <a [routerLink]="['/workspaces', id(), 'defects']">{{ t('defects.title') }}</a>
          @if (canReadOrders()) {
            <a [routerLink]="['/workspaces', id(), 'orders']">{{ t('orders.title') }}</a>
          }
        </nav>
        <h1 class="page-title">{{ t('files.title') }}</h1>
        @if (canCreate()) {
          <form class="create" [formGroup]="form" (ngSubmit)="create()" novalidate>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('files.documentNumber') }}</mat-label>
              <input matInput formControlName="documentNumber" required />
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('files.fileTitle') }}</mat-label>
              <input matInput formControlName="title" required />
            </mat-form-field>
            <button mat-flat-button type="submit" [disabled]="form.invalid">{{ t('files.create') }}</button>
            @if (createError(); as message) {
              <p role="alert" class="error">{{ message }}</p>
            }
          </form>
        }
        @if (state() === 'failed') {
          <p role="alert" class="error">{{ t('common.loadFailed') }}</p>
        } @else if (state() === 'ready' && files().length === 0) {
          <p class="empty">{{ t('files.empty') }}</p>
        }
        <ul class="files">
          @for (file of files(); track file.id) {
            <li>
              <a [routerLink]="['/files', file.id]" class="title"
                >{{ file.documentNumber }} · {{ file.title }}</a
              >
              <span class="meta">
                @if (file.currentRevision) {
                  {{ t('files.currentRevision', { n: file.currentRevision }) }}
                } @else {
                  {{ t('files.noRevision') }}
                }
                · {{ file.createdAt | localDate }}
              </span>
            </li>
          }
        </ul>
        @if (nextCursor()) {
          <button mat-stroked-button type="button" (click)="load(nextCursor()!)">
            {{ t('common.loadMore') }}
          </button>
        }
      </section>
    }
  `,
  styleUrl: './files.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileListPage {
  private readonly api = inject(FilesApi);
  private readonly router = inject(Router);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);
  /** Route parameter: the workspace. */
  readonly id = input.required<string>();
  readonly canReadOrders = computed(() => this.abilities.can('read', 'PurchaseOrder'));
  readonly files = signal<PortalFile[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly state = signal<'loading' | 'ready' | 'notFound' | 'failed'>('loading');
  readonly canCreate = computed(() => this.abilities.can('create', 'File'));
  readonly createError = signal<string | null>(null);
  readonly form = inject(NonNullableFormBuilder).group({
    documentNumber: ['', [Validators.required, Validators.maxLength(100)]],
    title: ['', [Validators.required, Validators.maxLength(300)]],
  });

  constructor() {
    effect(() => void this.load(undefined, this.id()));
  }

  async load(cursor?: string, workspaceId = this.id()): Promise<void> {
    try {
      const page = await this.api.list(workspaceId, cursor);
      this.files.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
      this.state.set('ready');
    } catch (error) {
      this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'notFound' : 'failed');
    }
  }

  async create(): Promise<void> {
    if (this.form.invalid) return;
    this.createError.set(null);
    try {
      const file = await this.api.create(this.id(), this.form.getRawValue());
      await this.router.navigate(['/files', file.id]);
    } catch (error) {
      const problem = error instanceof HttpErrorResponse ? (error.error as { detail?: string } | null) : null;
      this.createError.set(problem?.detail ?? String(error));
    }
  }
}
