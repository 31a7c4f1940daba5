import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../core/api/api-problem';
import { confirmStep } from './confirm.dialog';
import { RESPONSE_COMMENT_MAX, ResponseDraft, ResponseError, validateResponse } from './transmittals';
import { TransmittalsApi } from './transmittals-api.service';
import type { ReviewCode, Transmittal } from './transmittals.types';

/**
 * The supplier's response to a for-review/for-approval transmittal: a review code and a comment per
 * content, submitted once as a whole after a confirmation; the page shows it read-only afterwards.
 */
@Component({
  selector: 'app-transmittal-response',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    TranslocoDirective,
  ],
  template: `
    <form
      class="response"
      *transloco="let t"
      (ngSubmit)="submit()"
      [attr.aria-label]="t('transmittals.response')"
    >
      <h2>{{ t('transmittals.response') }}</h2>
      @if (!transmittal().canRespond) {
        <p class="meta">{{ t('transmittals.cannotRespond') }}</p>
      }
      @for (c of transmittal().contents; track c.id; let i = $index) {
        <fieldset class="response-row" [attr.data-content]="c.title">
          <legend>{{ c.title }}</legend>
          <mat-form-field class="code">
            <mat-label>{{ t('transmittals.reviewCode') }}</mat-label>
            <mat-select
              [ngModel]="draft()[c.id]?.code ?? ''"
              (ngModelChange)="set(c.id, { code: $event })"
              [name]="'code-' + i"
              [disabled]="!transmittal().canRespond || busy()"
              required
            >
              @for (code of codes(); track code.code) {
                <mat-option [value]="code.code">{{ code.code }} — {{ code.label }}</mat-option>
              }
            </mat-select>
            @if (errors()[c.id]; as error) {
              <mat-error>{{ t('transmittals.errors.' + error) }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field class="comment">
            <mat-label>{{ t('transmittals.comment') }}</mat-label>
            <textarea
              matInput
              rows="2"
              [maxlength]="commentMax"
              [ngModel]="draft()[c.id]?.comment ?? ''"
              (ngModelChange)="set(c.id, { comment: $event })"
              [name]="'comment-' + i"
              [disabled]="!transmittal().canRespond || busy()"
            ></textarea>
          </mat-form-field>
        </fieldset>
      }
      @if (invalidCount()) {
        <p role="alert" class="error">{{ t('transmittals.errors.incomplete', { count: invalidCount() }) }}</p>
      }
      @if (problem(); as p) {
        <p role="alert" class="error">{{ t('transmittals.errors.failed') }} {{ p.detail }}</p>
      }
      <button mat-flat-button type="submit" [disabled]="!transmittal().canRespond || busy()">
        {{ t('transmittals.submitResponse') }}
      </button>
    </form>
  `,
  styleUrl: './transmittals.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TransmittalResponseComponent {
  private readonly api = inject(TransmittalsApi);
  private readonly dialog = inject(MatDialog);
  readonly transmittal = input.required<Transmittal>();
  readonly codes = input.required<ReviewCode[]>();
  /** The transmittal as the API returned it after the response. */
  readonly responded = output<Transmittal>();

  readonly commentMax = RESPONSE_COMMENT_MAX;
  readonly draft = signal<ResponseDraft>({});
  readonly errors = signal<Record<string, ResponseError>>({});
  readonly invalidCount = computed(() => Object.keys(this.errors()).length);
  readonly busy = signal(false);
  readonly problem = signal<ApiProblem | null>(null);

  set(contentId: string, change: Partial<{ code: string; comment: string }>): void {
    this.draft.update((d) => {
      const before = (d[contentId] as ResponseDraft[string] | undefined) ?? { code: '', comment: '' };
      return { ...d, [contentId]: { ...before, ...change } };
    });
    if (this.errors()[contentId]) {
      this.errors.update(({ [contentId]: _, ...rest }) => rest);
    }
  }

  async submit(): Promise<void> {
    const tr = this.transmittal();
    const checked = validateResponse(tr.contents, this.draft(), this.codes());
    if (!checked.ok) {
      this.errors.set(checked.errors);
      return;
    }
    this.errors.set({});
    const confirmed = await confirmStep(this.dialog, {
      title: 'transmittals.confirmResponse.title',
      body: 'transmittals.confirmResponse.body',
      confirm: 'transmittals.submitResponse',
      params: { number: tr.number },
    });
    if (!confirmed) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      this.responded.emit(await this.api.respond(tr.id, checked.body));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
