import { Inject, Injectable } from '@nestjs/common';
import { larkSdk } from '@portico/connectors/feishu/lark-sdk';
import { AppConfig, APP_CONFIG } from '../config';
import {
  DEAD_LETTER_SUFFIX,
  JOB_TARGETS,
  JobQueue,
  type JobTarget,
  SyncJobsService,
  SyncMarkersService,
  webhookMarker,
  RECONCILE_MARKER,
} from '../sync';
import { ConnectionCheck, checkFeishuConnection, checkJiraConnection } from './connection-checks';
import type {
  ConnectorStatusDto,
  ConnectorsStatusDto,
  FailedJobCountsDto,
} from './dto/connectors-status-response.dto';

/**
 * What an admin needs to see whether Jira and Feishu work: configuration (never the secrets), a
 * live authenticated call with a short timeout, the last webhook and reconciliation, failing jobs.
 */
@Injectable()
export class ConnectorsStatusService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly syncJobs: SyncJobsService,
    private readonly markers: SyncMarkersService,
    private readonly queue: JobQueue,
  ) {}

  async status(): Promise<ConnectorsStatusDto> {
    const raw = this.config.raw;
    const timeout = this.config.connectorCheckTimeoutMs;
    // The Lark SDK loads on first use and blocks the event loop while it does (~0.5 s): load it before
    // any timed check starts, or a Jira check already under way could miss its timeout.
    if (raw.FEISHU_BASE_URL) larkSdk();
    const [jiraCheck, feishuCheck, jiraHook, feishuHook, reconcile, jobs] = await Promise.all([
      raw.JIRA_BASE_URL
        ? checkJiraConnection(
            {
              baseUrl: raw.JIRA_BASE_URL,
              email: raw.JIRA_EMAIL,
              apiToken: raw.JIRA_API_TOKEN,
              pat: raw.JIRA_PAT,
            },
            timeout,
          )
        : undefined,
      raw.FEISHU_BASE_URL
        ? checkFeishuConnection(
            { baseUrl: raw.FEISHU_BASE_URL, appId: raw.FEISHU_APP_ID, appSecret: raw.FEISHU_APP_SECRET },
            timeout,
          )
        : undefined,
      this.markers.get(webhookMarker('jira')),
      this.markers.get(webhookMarker('feishu')),
      this.markers.get(RECONCILE_MARKER),
      this.failedJobCounts(),
    ]);
    const jobsOf = (target: JobTarget) => jobs.find((j) => j.target === target)!;
    return {
      checkedAt: new Date().toISOString(),
      lastReconciledAt: reconcile ? new Date(reconcile.at).toISOString() : null,
      connectors: [
        {
          name: 'jira',
          ...this.configuration('jira', raw.JIRA_BASE_URL),
          credentialType: raw.JIRA_PAT ? 'bearer' : raw.JIRA_EMAIL && raw.JIRA_API_TOKEN ? 'basic' : 'none',
          ...checkOrOff(jiraCheck),
          ...webhook(jiraHook),
          jobs: jobsOf('jira'),
        },
        {
          name: 'feishu',
          ...this.configuration('feishu', raw.FEISHU_BASE_URL),
          credentialType: raw.FEISHU_APP_ID && raw.FEISHU_APP_SECRET ? 'app_secret' : 'none',
          ...checkOrOff(feishuCheck),
          ...webhook(feishuHook),
          jobs: jobsOf('feishu'),
        },
      ],
      jobs,
    };
  }

  private configuration(
    name: 'jira' | 'feishu',
    baseUrl: string | undefined,
  ): Pick<ConnectorStatusDto, 'configured' | 'mode' | 'baseUrl'> {
    if (!baseUrl) return { configured: false, mode: 'off', baseUrl: null };
    const url = new URL(baseUrl);
    return {
      configured: true,
      mode: this.config.simulated[name] ? 'simulator' : 'external',
      // Without user info, query or fragment: someone may have put a credential there.
      baseUrl: `${url.origin}${url.pathname.replace(/\/$/, '')}`,
    };
  }

  private async failedJobCounts(): Promise<FailedJobCountsDto[]> {
    const rows = await this.syncJobs.failureCounts();
    const counts = new Map<JobTarget, FailedJobCountsDto>(
      JOB_TARGETS.map((target) => [target, { target, failedLast24h: 0, awaitingRedrive: 0, retrying: 0 }]),
    );
    for (const row of rows) {
      const queue = row.name.endsWith(DEAD_LETTER_SUFFIX)
        ? row.name.slice(0, -DEAD_LETTER_SUFFIX.length)
        : row.name;
      const entry = counts.get(this.queue.targetOf(queue) ?? 'internal')!;
      if (row.kind === 'failed') entry.failedLast24h += row.count;
      else if (row.kind === 'awaiting_redrive') entry.awaitingRedrive += row.count;
      else entry.retrying += row.count;
    }
    return [...counts.values()];
  }
}

function checkOrOff(
  check: ConnectionCheck | undefined,
): Pick<ConnectorStatusDto, 'reachable' | 'credentialsValid' | 'latencyMs' | 'error'> {
  return (
    check ?? {
      reachable: null,
      credentialsValid: null,
      latencyMs: null,
      error: { kind: 'not_configured', message: 'No base URL is configured' },
    }
  );
}

function webhook(
  marker: { at: Date; detail: Record<string, unknown> } | undefined,
): Pick<ConnectorStatusDto, 'lastWebhookReceivedAt' | 'lastWebhookEventType'> {
  return {
    lastWebhookReceivedAt: marker ? new Date(marker.at).toISOString() : null,
    lastWebhookEventType: typeof marker?.detail.eventType === 'string' ? marker.detail.eventType : null,
  };
}
