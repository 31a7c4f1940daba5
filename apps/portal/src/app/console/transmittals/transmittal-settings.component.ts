import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import type {
  ReviewCode,
  TransmittalPurpose,
  TransmittalSettings,
  TransmittalSettingsInput,
} from '../../transmittals/transmittals.types';
import { TransmittalsApi } from '../api/transmittals-api.service';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

export const PURPOSES: TransmittalPurpose[] = [
  'for_information',
  'for_review',
  'for_approval',
  'for_manufacture',
];

/** The workspace's names for the four purposes and the review codes a supplier may answer with. */
@Component({
  selector: 'app-transmittal-settings',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    TranslocoDirective,
    ProblemAlertComponent,
  ],
  template: `
    <form class="card" *transloco="let t" (ngSubmit)="save()">
      <h2>{{ t('console.transmittals.settings') }}</h2>
      <div class="form-row">
        <mat-form-field>
          <mat-label>{{ t('console.transmittals.numberPrefix') }}</mat-label>
          <input
            matInput
            [(ngModel)]="code"
            name="code"
            maxlength="16"
            pattern="[A-Z0-9][A-Z0-9-]*"
            required
          />
          <mat-hint>{{
            t('console.transmittals.numberPrefixHint', { example: (code || 'HW') + '-T-0001' })
          }}</mat-hint>
        </mat-form-field>
      </div>
      <h3>{{ t('console.transmittals.purposeLabels') }}</h3>
      <div class="form-row">
        @for (p of purposes; track p) {
          <mat-form-field>
            <mat-label>{{ t('transmittals.purposes.' + p) }}</mat-label>
            <input matInput [(ngModel)]="labels[p]" [name]="'label-' + p" maxlength="100" required />
          </mat-form-field>
        }
      </div>
      <h3>{{ t('console.transmittals.reviewCodes') }}</h3>
      @for (code of codes(); track $index; let i = $index) {
        <div class="form-row">
          <mat-form-field class="code">
            <mat-label>{{ t('console.transmittals.code') }}</mat-label>
            <input matInput [(ngModel)]="code.code" [name]="'code-' + i" maxlength="16" required />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ t('console.transmittals.codeLabel') }}</mat-label>
            <input matInput [(ngModel)]="code.label" [name]="'code-label-' + i" maxlength="100" required />
          </mat-form-field>
          <button mat-button type="button" (click)="removeCode(i)" [disabled]="codes().length <= 1">
            {{ t('console.common.remove') }}
          </button>
        </div>
      }
      <div class="actions">
        <button mat-stroked-button type="button" (click)="addCode()">
          {{ t('console.transmittals.addCode') }}
        </button>
        <button mat-flat-button type="submit" [disabled]="saving()">{{ t('console.common.save') }}</button>
        @if (saved()) {
          <span role="status">{{ t('console.common.saved') }}</span>
        }
      </div>
      <app-problem-alert [problem]="problem()" />
    </form>
  `,
  styles: `
    .code {
      max-width: 120px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TransmittalSettingsComponent {
  private readonly api = inject(TransmittalsApi);
  readonly workspaceId = input.required<string>();

  readonly purposes = PURPOSES;
  labels: Partial<Record<TransmittalPurpose, string>> = {};
  code = '';
  readonly codes = signal<ReviewCode[]>([]);
  readonly saving = signal(false);
  readonly saved = signal(false);
  readonly problem = signal<ApiProblem | null>(null);

  constructor() {
    effect(() => {
      void this.api.settings(this.workspaceId()).then(
        (s) => this.show(s),
        (error: unknown) => this.problem.set(toApiProblem(error)),
      );
    });
  }

  addCode(): void {
    this.codes.update((list) => [...list, { code: '', label: '' }]);
  }

  removeCode(index: number): void {
    this.codes.update((list) => list.filter((_, i) => i !== index));
  }

  async save(): Promise<void> {
    this.saving.set(true);
    this.saved.set(false);
    this.problem.set(null);
    try {
      const body: TransmittalSettingsInput = {
        code: this.code.trim().toUpperCase(),
        purposeLabels: Object.fromEntries(PURPOSES.map((p) => [p, (this.labels[p] ?? '').trim()])),
        reviewCodes: this.codes().map((c) => ({ code: c.code.trim(), label: c.label.trim() })),
      };
      this.show(await this.api.saveSettings(this.workspaceId(), body));
      this.saved.set(true);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.saving.set(false);
    }
  }

  private show(settings: TransmittalSettings): void {
    this.labels = { ...settings.purposeLabels };
    this.code = settings.code;
    // Copies: the inputs edit them in place.
    this.codes.set(settings.reviewCodes.map((c) => ({ ...c })));
  }
}
