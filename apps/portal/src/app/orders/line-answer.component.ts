import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../core/api/api-problem';
import { OrdersApi } from './orders-api.service';
import { DeliveryConfirmation, PurchaseOrderLine } from './orders.types';

/** The supplier's answer to one order line: confirm its delivery date, or propose another with a reason. */
@Component({
  selector: 'app-line-answer',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, TranslocoDirective],
  template: `
    <div class="answer" *transloco="let t">
      @if (mode() === 'idle') {
        <button
          mat-stroked-button
          type="button"
          (click)="mode.set('confirm')"
          [disabled]="!line().deliveryDate"
        >
          {{ t('orders.confirmDate') }}
        </button>
        <button mat-stroked-button type="button" (click)="mode.set('propose')">
          {{ t('orders.proposeDate') }}
        </button>
      } @else if (mode() === 'confirm') {
        <p>{{ t('orders.confirmQuestion', { date: line().deliveryDate }) }}</p>
        <button mat-flat-button type="button" (click)="confirm()" [disabled]="busy()">
          {{ t('orders.confirmDate') }}
        </button>
        <button mat-button type="button" (click)="mode.set('idle')">{{ t('orders.cancel') }}</button>
      } @else {
        <form [formGroup]="form" (ngSubmit)="propose()" novalidate>
          <mat-form-field appearance="outline">
            <mat-label>{{ t('orders.newDate') }}</mat-label>
            <input matInput type="date" formControlName="date" required />
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ t('orders.reason') }}</mat-label>
            <textarea matInput formControlName="reason" rows="2" required></textarea>
          </mat-form-field>
          <div class="actions">
            <button mat-flat-button type="submit" [disabled]="busy() || form.invalid">
              {{ t('orders.sendProposal') }}
            </button>
            <button mat-button type="button" (click)="mode.set('idle')">{{ t('orders.cancel') }}</button>
          </div>
        </form>
      }
      @if (problem(); as p) {
        <p role="alert" class="error">{{ p.detail ?? t('orders.answerFailed') }}</p>
      }
    </div>
  `,
  styles: `
    .answer {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    form {
      display: flex;
      flex-direction: column;
      width: 100%;
      max-width: 480px;
    }
    .error {
      color: var(--mat-sys-error);
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LineAnswerComponent {
  private readonly api = inject(OrdersApi);
  readonly orderId = input.required<string>();
  readonly line = input.required<PurchaseOrderLine>();
  /** The recorded answer, for the page to show as the line's newest. */
  readonly answered = output<DeliveryConfirmation>();

  readonly mode = signal<'idle' | 'confirm' | 'propose'>('idle');
  readonly busy = signal(false);
  readonly problem = signal<ApiProblem | null>(null);
  readonly form = inject(NonNullableFormBuilder).group({
    date: ['', Validators.required],
    reason: ['', [Validators.required, Validators.maxLength(2000)]],
  });

  confirm(): Promise<void> {
    return this.send({ kind: 'confirm' });
  }

  propose(): Promise<void> {
    if (this.form.invalid) return Promise.resolve();
    const { date, reason } = this.form.getRawValue();
    return this.send({ kind: 'propose', date, reason: reason.trim() });
  }

  private async send(answer: { kind: 'confirm' | 'propose'; date?: string; reason?: string }): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      const recorded = await this.api.answer(this.orderId(), this.line().id, answer);
      this.mode.set('idle');
      this.form.reset();
      this.answered.emit(recorded);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
