import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import type { Organization } from '../api/console-api.types';
import { OrganizationsApi } from '../../team/organizations-api.service';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { CursorList } from '../../core/api/cursor-list';
import { ProblemAlertComponent } from '../ui/problem-alert.component';
import { ListTableComponent } from '../ui/list-table.component';

/** Supplier organisations: the list, and creating a new one (then inviting its first admin on its page). */
@Component({
  selector: 'app-organization-list-page',
  imports: [
    ListTableComponent,
    ReactiveFormsModule,
    RouterLink,
    DatePipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    TranslocoDirective,
    ProblemAlertComponent,
  ],
  template: `
    <section class="page" *transloco="let t">
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.orgs.title') }}</h1>
      </div>

      <form class="card" [formGroup]="form" (ngSubmit)="create()">
        <h2>{{ t('console.orgs.create') }}</h2>
        <div class="form-row">
          <mat-form-field>
            <mat-label>{{ t('console.orgs.name') }}</mat-label>
            <input matInput formControlName="name" maxlength="200" autocomplete="organization" />
            @if (form.controls.name.touched && form.controls.name.invalid) {
              <mat-error>{{ t('console.errors.required') }}</mat-error>
            }
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="creating()">
            {{ t('console.orgs.createButton') }}
          </button>
        </div>
        <app-problem-alert [problem]="createProblem()" />
      </form>

      <app-list-table
        [list]="list"
        [caption]="t('console.orgs.title')"
        [empty]="t('console.orgs.empty')"
        [columns]="[
          t('console.orgs.name'),
          t('console.orgs.status'),
          t('console.orgs.mfa'),
          t('console.common.created'),
        ]"
      >
        @for (org of list.items(); track org.id) {
          <tr>
            <td>
              <a [routerLink]="[org.id]">{{ org.name }}</a>
            </td>
            <td>
              <span class="chip" [class.warn]="org.status === 'disabled'">{{
                t('console.status.' + org.status)
              }}</span>
            </td>
            <td>{{ org.requireMfa ? t('console.common.required') : t('console.common.optional') }}</td>
            <td>{{ org.createdAt | date: 'mediumDate' }}</td>
          </tr>
        }
      </app-list-table>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrganizationListPage implements OnInit {
  private readonly api = inject(OrganizationsApi);
  private readonly router = inject(Router);

  readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
  });
  // The internal organisation is not something a PM manages here.
  readonly list = new CursorList<Organization>((cursor) => this.api.list(cursor), {
    keep: (org) => org.kind === 'supplier',
  });
  readonly creating = signal(false);
  readonly createProblem = signal<ApiProblem | null>(null);

  ngOnInit(): void {
    void this.list.reload();
  }

  async create(): Promise<void> {
    const name = this.form.controls.name.value.trim();
    if (this.form.invalid || !name || this.creating()) {
      this.form.markAllAsTouched();
      return;
    }
    this.creating.set(true);
    this.createProblem.set(null);
    try {
      const org = await this.api.create(name);
      await this.router.navigate(['/console/organizations', org.id]);
    } catch (error) {
      this.createProblem.set(toApiProblem(error));
    } finally {
      this.creating.set(false);
    }
  }
}
