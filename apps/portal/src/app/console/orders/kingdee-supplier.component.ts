import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import type { KingdeeSupplierStatus } from '../../orders/orders.types';
import { OrdersApi } from '../api/orders-api.service';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

/**
 * The workspace's Kingdee supplier number (Kingdee checks it on save), when its orders were last read
 * and what went wrong, and a button to read them now.
 */
@Component({
  selector: 'app-kingdee-supplier',
  imports: [
    DatePipe,
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    TranslocoDirective,
    ProblemAlertComponent,
  ],
  template: `
    <div class="card kingdee" *transloco="let t">
      <h2>{{ t('console.kingdee.title') }}</h2>
      @if (status(); as s) {
        @if (!s.configured) {
          <p class="muted">{{ t('console.kingdee.notConfigured') }}</p>
        } @else {
          <form class="form-row" (ngSubmit)="save()">
            <mat-form-field>
              <mat-label>{{ t('console.kingdee.supplierNumber') }}</mat-label>
              <input
                matInput
                name="supplierNumber"
                [(ngModel)]="supplierNumber"
                maxlength="64"
                placeholder="VEN00101"
              />
              <mat-hint>{{ t('console.kingdee.supplierHint') }}</mat-hint>
            </mat-form-field>
            <button mat-flat-button type="submit" [disabled]="busy() || !supplierNumber.trim()">
              {{ t('console.kingdee.link') }}
            </button>
            @if (s.link) {
              <button mat-stroked-button type="button" (click)="refresh()" [disabled]="busy()">
                {{ t('console.kingdee.refresh') }}
              </button>
            }
          </form>
          @if (s.link; as link) {
            <p class="linked">
              {{ t('console.kingdee.linked', { number: link.supplierNumber, name: link.supplierName }) }}
              · {{ t('console.kingdee.lastSync') }}
              {{ link.lastSyncedAt ? (link.lastSyncedAt | date: 'medium') : t('console.kingdee.never') }}
            </p>
            @if (link.lastSyncError) {
              <p class="warn" role="status">
                {{ t('console.kingdee.syncError', { error: link.lastSyncError }) }}
              </p>
            }
          }
        }
      }
      <app-problem-alert [problem]="problem()" />
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KingdeeSupplierComponent {
  private readonly api = inject(OrdersApi);
  readonly workspaceId = input.required<string>();

  readonly status = signal<KingdeeSupplierStatus | null>(null);
  readonly busy = signal(false);
  readonly problem = signal<ApiProblem | null>(null);
  supplierNumber = '';

  constructor() {
    effect(() => void this.load(this.workspaceId()));
  }

  async save(): Promise<void> {
    await this.run(async () => {
      this.status.set(await this.api.setSupplier(this.workspaceId(), this.supplierNumber.trim()));
    });
  }

  async refresh(): Promise<void> {
    await this.run(async () => {
      await this.api.refresh(this.workspaceId());
      await this.load(this.workspaceId());
    });
  }

  private async load(id: string): Promise<void> {
    try {
      const status = await this.api.supplier(id);
      this.status.set(status);
      this.supplierNumber = status.link?.supplierNumber ?? '';
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      await action();
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
