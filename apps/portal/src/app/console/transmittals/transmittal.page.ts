import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { codeLabel, stateKey } from '../../transmittals/transmittals';
import type { ReviewCode, Transmittal, TransmittalReceipts } from '../../transmittals/transmittals.types';
import { TransmittalsApi } from '../api/transmittals-api.service';
import { JiraKeyLinkComponent } from '../ui/jira-key-link.component';
import { ProblemAlertComponent } from '../ui/problem-alert.component';
import { ReceiptMatrixComponent } from './receipt-matrix.component';
import { TransmittalFormComponent } from './transmittal-form.component';

/**
 * `/console/transmittals/new?workspace=<id>` and `/console/transmittals/:id`: a draft is edited and issued
 * here; an issued one shows what was issued, the supplier's receipts and their response.
 */
@Component({
  selector: 'app-console-transmittal-page',
  imports: [
    DatePipe,
    MatButtonModule,
    RouterLink,
    TranslocoDirective,
    JiraKeyLinkComponent,
    ProblemAlertComponent,
    ReceiptMatrixComponent,
    TransmittalFormComponent,
  ],
  templateUrl: './transmittal.page.html',
  styles: `
    .facts {
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr);
      gap: 2px 12px;
    }
    .facts dd {
      margin: 0;
    }
    .message {
      white-space: pre-wrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConsoleTransmittalPage {
  private readonly api = inject(TransmittalsApi);
  private readonly router = inject(Router);
  /** Route parameter; absent on `new`. */
  readonly id = input<string>();
  /** `?workspace=` of a new transmittal. */
  readonly workspace = input<string>();

  readonly transmittal = signal<Transmittal | null>(null);
  readonly receipts = signal<TransmittalReceipts | null>(null);
  readonly codes = signal<ReviewCode[]>([]);
  readonly problem = signal<ApiProblem | null>(null);
  readonly loaded = signal(false);
  readonly stateKey = stateKey;
  readonly workspaceId = computed(() => this.transmittal()?.workspaceId ?? this.workspace() ?? '');
  readonly isDraft = computed(() => !this.id() || this.transmittal()?.status === 'draft');

  constructor() {
    effect(() => {
      const id = this.id();
      if (id) void this.load(id);
      else this.loaded.set(true);
    });
  }

  async load(id: string): Promise<void> {
    this.problem.set(null);
    try {
      const tr = await this.api.get(id);
      this.transmittal.set(tr);
      if (tr.status !== 'draft') {
        const [receipts, settings] = await Promise.all([
          this.api.receipts(id),
          this.api.settings(tr.workspaceId),
        ]);
        this.receipts.set(receipts);
        this.codes.set(settings.reviewCodes);
      }
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loaded.set(true);
    }
  }

  codeLabel(code: string): string {
    return codeLabel(code, this.codes());
  }

  /** A new draft moves to its own address; a deleted one back to the workspace's list. */
  async changed(tr: Transmittal | null): Promise<void> {
    if (!tr) {
      await this.router.navigate(['/console/workspaces', this.workspaceId(), 'transmittals']);
      return;
    }
    if (tr.id !== this.id()) {
      await this.router.navigate(['/console/transmittals', tr.id]);
      return;
    }
    this.transmittal.set(tr);
    if (tr.status !== 'draft') void this.load(tr.id);
  }
}
