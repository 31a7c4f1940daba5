import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import type { ConnectorsStatus } from '../api/console-api.types';
import { OperationsApi } from '../api/operations-api.service';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { ProblemAlertComponent } from '../ui/problem-alert.component';

/** Are Jira and Feishu reachable, are the credentials accepted, when did events last arrive, what is failing. */
@Component({
  selector: 'app-connector-status-page',
  imports: [DatePipe, MatButtonModule, TranslocoDirective, ProblemAlertComponent],
  template: `
    <section class="page" *transloco="let t">
      <div class="toolbar">
        <h1 class="page-title">{{ t('console.connectors.title') }}</h1>
        <button mat-stroked-button type="button" (click)="load()" [disabled]="loading()">
          {{ t('console.connectors.check') }}
        </button>
      </div>
      <app-problem-alert [problem]="problem()" />
      @if (status(); as s) {
        <p class="muted">{{ t('console.connectors.checkedAt', { at: (s.checkedAt | date: 'medium') }) }}</p>
        <div class="grid">
          @for (c of s.connectors; track c.name) {
            <section class="card" [attr.aria-labelledby]="'connector-' + c.name">
              <h2 [id]="'connector-' + c.name">{{ t('console.connectors.names.' + c.name) }}</h2>
              <dl>
                <dt>{{ t('console.connectors.mode') }}</dt>
                <dd>{{ t('console.connectors.modes.' + c.mode) }}</dd>
                @if (c.baseUrl) {
                  <dt>{{ t('console.connectors.baseUrl') }}</dt>
                  <dd>
                    <code>{{ c.baseUrl }}</code>
                  </dd>
                }
                <dt>{{ t('console.connectors.reachable') }}</dt>
                <dd>
                  <span class="chip" [class.ok]="c.reachable === true" [class.warn]="c.reachable === false">{{
                    yesNo(c.reachable)
                  }}</span>
                  @if (c.latencyMs !== null) {
                    <span class="muted"> {{ c.latencyMs }} ms</span>
                  }
                </dd>
                <dt>{{ t('console.connectors.credentials') }}</dt>
                <dd>
                  <span
                    class="chip"
                    [class.ok]="c.credentialsValid === true"
                    [class.warn]="c.credentialsValid === false"
                    >{{ yesNo(c.credentialsValid) }}</span
                  >
                </dd>
                @if (c.error) {
                  <dt>{{ t('console.connectors.error') }}</dt>
                  <dd>{{ c.error.kind }}: {{ c.error.message }}</dd>
                }
                <dt>{{ t('console.connectors.lastWebhook') }}</dt>
                <dd>
                  {{
                    c.lastWebhookReceivedAt
                      ? (c.lastWebhookReceivedAt | date: 'medium')
                      : t('console.connectors.none')
                  }}
                  @if (c.lastWebhookEventType) {
                    <code>{{ c.lastWebhookEventType }}</code>
                  }
                </dd>
              </dl>
            </section>
          }
        </div>
        <div class="card">
          <h2>{{ t('console.connectors.reconciliation') }}</h2>
          <p>
            {{ s.lastReconciledAt ? (s.lastReconciledAt | date: 'medium') : t('console.connectors.none') }}
          </p>
          <p class="muted">{{ t('console.connectors.reconciliationHint') }}</p>
        </div>
        <div class="card">
          <h2>{{ t('console.connectors.jobs') }}</h2>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{{ t('console.sync.target') }}</th>
                  <th scope="col">{{ t('console.connectors.failed24h') }}</th>
                  <th scope="col">{{ t('console.connectors.awaitingRedrive') }}</th>
                  <th scope="col">{{ t('console.connectors.retrying') }}</th>
                </tr>
              </thead>
              <tbody>
                @for (j of s.jobs; track j.target) {
                  <tr>
                    <td>{{ j.target }}</td>
                    <td>{{ j.failedLast24h }}</td>
                    <td>{{ j.awaitingRedrive }}</td>
                    <td>{{ j.retrying }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        </div>
      }
    </section>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
      gap: 16px;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 6px 16px;
      margin: 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectorStatusPage implements OnInit {
  private readonly api = inject(OperationsApi);
  readonly status = signal<ConnectorsStatus | null>(null);
  readonly loading = signal(false);
  readonly problem = signal<ApiProblem | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  yesNo(value: boolean | null): string {
    return value === null ? '?' : value ? '✓' : '✗';
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    try {
      this.status.set(await this.api.connectors());
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }
}
