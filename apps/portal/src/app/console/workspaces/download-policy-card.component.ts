import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { DOWNLOAD_MODES, DownloadPolicy, FileCategory } from '../../files/download-policy';
import { FilesApi } from '../../files/files-api.service';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

/** The workspace's download policy for suppliers: original, watermarked or view-only, per category. */
@Component({
  selector: 'app-download-policy-card',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    TranslocoDirective,
    ProblemAlertComponent,
  ],
  template: `
    <div class="card download-policy" *transloco="let t">
      <h2>{{ t('console.downloadPolicy.title') }}</h2>
      <p class="muted">{{ t('console.downloadPolicy.hint') }}</p>
      @if (policy(); as p) {
        <form class="form-row" (ngSubmit)="save()">
          @for (category of categories; track category) {
            <mat-form-field>
              <mat-label>{{ t('console.downloadPolicy.' + category) }}</mat-label>
              <mat-select
                [name]="category"
                [ngModel]="p[category]"
                (ngModelChange)="change(category, $event)"
              >
                @for (mode of modes; track mode) {
                  <mat-option [value]="mode">{{ t('console.downloadPolicy.modes.' + mode) }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
          }
          <button mat-flat-button type="submit" [disabled]="busy()">
            {{ t('console.downloadPolicy.save') }}
          </button>
          <span role="status">{{ saved() ? t('console.downloadPolicy.saved') : '' }}</span>
        </form>
      }
      <app-problem-alert [problem]="problem()" />
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DownloadPolicyCardComponent {
  private readonly api = inject(FilesApi);
  readonly workspaceId = input.required<string>();
  protected readonly categories: FileCategory[] = ['drawings', 'attachments'];
  protected readonly modes = DOWNLOAD_MODES;
  readonly policy = signal<DownloadPolicy | null>(null);
  readonly busy = signal(false);
  readonly saved = signal(false);
  readonly problem = signal<ApiProblem | null>(null);

  constructor() {
    effect(() => void this.load(this.workspaceId()));
  }

  change(category: FileCategory, mode: DownloadPolicy[FileCategory]): void {
    const current = this.policy();
    if (current) this.policy.set({ ...current, [category]: mode });
    this.saved.set(false);
  }

  async save(): Promise<void> {
    const policy = this.policy();
    if (!policy) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      this.policy.set(await this.api.saveDownloadPolicy(this.workspaceId(), policy));
      this.saved.set(true);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(id: string): Promise<void> {
    try {
      this.policy.set(await this.api.downloadPolicy(id));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }
}
