import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import type { SyncStatus } from '../api/console-api.types';
import { OperationsApi } from '../api/operations.api';
import { ApiProblem, toApiProblem } from '../shared/api-problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';

/** What the API reports about its links to Jira and Feishu: last webhook per source, last reconciliation. */
@Component({
  selector: 'app-connector-status-page',
  imports: [DatePipe, MatButtonModule, TranslocoDirective, ProblemAlertComponent],
  template: `
    <section class="page" *transloco="let t">
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.connectors.title') }}</h1>
        <button mat-stroked-button type="button" (click)="load()">{{ t('console.common.refresh') }}</button>
      </div>
      <app-problem-alert [problem]="problem()" />
      @if (status(); as s) {
        <div class="card">
          <h2>Jira</h2>
          <dl>
            <dt>{{ t('console.connectors.lastWebhook') }}</dt>
            <dd>
              {{
                s.jira.lastReceivedAt
                  ? (s.jira.lastReceivedAt | date: 'medium')
                  : t('console.connectors.none')
              }}
            </dd>
            <dt>{{ t('console.connectors.lastEvent') }}</dt>
            <dd>{{ s.jira.lastEventType ?? '—' }}</dd>
          </dl>
        </div>
        <div class="card">
          <h2>{{ t('console.connectors.feishu') }}</h2>
          <dl>
            <dt>{{ t('console.connectors.lastWebhook') }}</dt>
            <dd>
              {{
                s.feishu.lastReceivedAt
                  ? (s.feishu.lastReceivedAt | date: 'medium')
                  : t('console.connectors.none')
              }}
            </dd>
            <dt>{{ t('console.connectors.lastEvent') }}</dt>
            <dd>{{ s.feishu.lastEventType ?? '—' }}</dd>
          </dl>
        </div>
        <div class="card">
          <h2>{{ t('console.connectors.reconciliation') }}</h2>
          <p>
            {{ s.lastReconciledAt ? (s.lastReconciledAt | date: 'medium') : t('console.connectors.none') }}
          </p>
          <p class="muted">{{ t('console.connectors.reconciliationHint') }}</p>
        </div>
      }
    </section>
  `,
  styles: `
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 4px 16px;
      margin: 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectorStatusPage implements OnInit {
  private readonly api = inject(OperationsApi);
  readonly status = signal<SyncStatus | null>(null);
  readonly problem = signal<ApiProblem | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.problem.set(null);
    try {
      this.status.set(await this.api.status());
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }
}
