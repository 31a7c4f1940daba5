import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { JIRA_CLIENT, JiraClient } from '@portico/connectors/jira/jira-client.port';
import { searchAmongKeys } from '@portico/connectors/jira/search-among-keys';
import {
  defineJob,
  FeishuDocChanged,
  JiraIssueChanged,
  jqlSince,
  JobQueue,
  ReconcileTick,
  SyncEvents,
  tickSince,
} from '../sync';
import { SourceRefreshService } from './source-refresh.service';
import { JIRA_KEY } from './source-reader.service';

// Event payloads come from outside (webhooks): handlers check every field they read.
export const SHARING_JIRA_QUEUE = defineJob<Partial<JiraIssueChanged>>('sharing.refresh-jira');
export const SHARING_FEISHU_QUEUE = defineJob<Partial<FeishuDocChanged>>('sharing.refresh-feishu');
export const SHARING_RECONCILE_QUEUE = defineJob<Partial<ReconcileTick>>('sharing.reconcile');

/**
 * Keeps shared items current from the sync module's events. Events carry identifiers only; the
 * refresh always re-reads the source, so duplicates and reordering cannot create extra versions.
 */
@Injectable()
export class SharingRefreshHandlers implements OnModuleInit {
  private readonly logger = new Logger(SharingRefreshHandlers.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly sharing: SourceRefreshService,
    @Inject(JIRA_CLIENT) private readonly jira: JiraClient,
    @Inject(FEISHU_CLIENT) private readonly feishu: FeishuClient,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.register(SHARING_JIRA_QUEUE, (job) => this.onJiraIssueChanged(job.data), {
      target: 'jira',
    });
    await this.queue.subscribe(SyncEvents.jiraIssueChanged, SHARING_JIRA_QUEUE);
    await this.queue.register(SHARING_FEISHU_QUEUE, (job) => this.onFeishuDocChanged(job.data), {
      target: 'feishu',
    });
    await this.queue.subscribe(SyncEvents.feishuDocChanged, SHARING_FEISHU_QUEUE);
    await this.queue.register(SHARING_RECONCILE_QUEUE, (job) => this.reconcile(job.data), {
      target: 'jira',
      policy: 'singleton',
      expireInSeconds: 900,
    });
    await this.queue.subscribe(SyncEvents.reconcileTick, SHARING_RECONCILE_QUEUE);
  }

  async onJiraIssueChanged(event: Partial<JiraIssueChanged>): Promise<number> {
    if (!event.issueKey || !JIRA_KEY.test(event.issueKey)) return 0;
    return this.sharing.refreshSource('jira_issue', event.issueKey);
  }

  async onFeishuDocChanged(event: Partial<FeishuDocChanged>): Promise<number> {
    if (!event.fileToken) return 0;
    return this.sharing.refreshSource('feishu_doc', event.fileToken);
  }

  /**
   * Catches missed events: Jira issues of live items updated since the last tick or deleted (batched `key in`),
   * and Feishu documents whose revision moved past the one last read.
   */
  async reconcile(tick: Partial<ReconcileTick>): Promise<number> {
    const since = tickSince(tick);
    const sources = await this.sharing.liveSources();
    const keys = sources
      .filter((s) => s.sourceType === 'jira_issue' && JIRA_KEY.test(s.sourceRef))
      .map((s) => s.sourceRef);
    let refreshed = 0;
    const updatedSince = () => `updated >= "${jqlSince(since)}"`;
    for await (const batch of searchAmongKeys(this.jira, keys, {
      where: updatedSince,
      fields: ['updated'],
    })) {
      // A deleted issue is refreshed too: reading it answers 404, which flags its items for the PM.
      const changed = [...batch.issues.map((issue) => issue.key), ...batch.goneKeys];
      for (const key of changed) if (key) refreshed += await this.sharing.refreshSource('jira_issue', key);
    }
    for (const doc of sources.filter((s) => s.sourceType === 'feishu_doc')) {
      const known = await this.sharing.knownRevision('feishu_doc', doc.sourceRef);
      const meta = await this.feishu.getDocumentMeta(doc.sourceRef).catch((error: unknown) => {
        this.logger.warn(
          `reconcile: cannot read Feishu document ${doc.sourceRef}: ${(error as Error).message}`,
        );
        return null;
      });
      if (!meta || String(meta.revisionId).padStart(12, '0') !== known)
        refreshed += await this.sharing.refreshSource('feishu_doc', doc.sourceRef);
    }
    return refreshed;
  }
}
