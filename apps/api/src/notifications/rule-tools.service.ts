import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser } from '@portico/auth';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PolicyViolationError, LimitExceededError } from '../common';
import { AppConfig, APP_CONFIG } from '../config';
import { JobQueue } from '../sync';
import { type NotificationRule, type Workspace, WorkspacesService } from '../workspaces';
import { dingtalkMarkdown, feishuCard } from './group-messages';
import {
  dingtalkOutcomes,
  feishuOutcomes,
  mentionLocale,
  MentionOutcome,
  MentionResolver,
  NOT_MENTIONED_TEXT,
} from './mentions';
import { DINGTALK_NOTICE_JOB, FEISHU_NOTICE_JOB, GroupNotice } from './notification-channels';
import { NOTIFICATION_EVENT_NAMES, NotificationEvent, NotificationEventName } from '../notification-events';
import { ruleKey } from './notification-rules';
import { renderNotification } from './notification-templates';
import { RuleStatusStore } from './rule-status';

/** At most one test message per workspace in this many seconds (across all API processes). */
export const TEST_SEND_INTERVAL_SECONDS = 30;

const TEST_PREFIX: Record<string, string> = { en: '[Test] ', 'zh-CN': '【测试】' };

/** The rule editor's helpers: each rule's last outcome, a preview of its message, and a test send. */
@Injectable()
export class RuleToolsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workspaces: WorkspacesService,
    private readonly mentions: MentionResolver,
    private readonly ruleStatus: RuleStatusStore,
    private readonly queue: JobQueue,
  ) {}

  async status(user: AuthUser, workspaceId: string) {
    const workspace = await this.workspaces.getAccessible(user, workspaceId, 'update');
    return this.ruleStatus.forWorkspace(workspace);
  }

  /** The group messages the rule would send now, for an example event of the workspace. */
  async preview(user: AuthUser, workspaceId: string, rule: NotificationRule) {
    const workspace = await this.workspaces.getAccessible(user, workspaceId, 'update');
    const draft = await this.draft(workspace, rule);
    const feishu = feishuOutcomes(await this.mentions.withFeishuIds(draft.people));
    const dingtalk = dingtalkOutcomes(draft.people);
    const mentionRows = (channel: string, outcomes: MentionOutcome[]) =>
      outcomes.map((o) => ({
        name: o.name,
        target: o.target,
        channel,
        mentioned: !!o.id,
        ...(o.reason ? { reason: o.reason, message: `not mentioned: ${NOT_MENTIONED_TEXT[o.reason]}` } : {}),
      }));
    const groups = rule.channels;
    return {
      locale: draft.locale,
      title: draft.message.title,
      body: draft.message.body,
      ...(groups.includes('feishu_chat') ? { feishuCard: feishuCard(draft.message, feishu) } : {}),
      ...(groups.includes('dingtalk') ? { dingtalk: { ...dingtalkMarkdown(draft.message, dingtalk) } } : {}),
      mentions: [
        ...(groups.includes('feishu_chat') ? mentionRows('feishu_chat', feishu) : []),
        ...(groups.includes('dingtalk') ? mentionRows('dingtalk', dingtalk) : []),
      ],
    };
  }

  /** Queues the rule's example message to the workspace's configured groups; rate limited per workspace. */
  async testSend(user: AuthUser, workspaceId: string, rule: NotificationRule): Promise<{ queued: string[] }> {
    const workspace = await this.workspaces.getAccessible(user, workspaceId, 'update');
    const targets = [
      rule.channels.includes('feishu_chat') && workspace.feishuChatId ? 'feishu_chat' : null,
      rule.channels.includes('dingtalk') && workspace.dingtalkWebhook ? 'dingtalk' : null,
    ].filter((c): c is 'feishu_chat' | 'dingtalk' => c !== null);
    if (!targets.length)
      throw new PolicyViolationError('The rule posts to no configured group', [
        {
          field: 'rule.channels',
          message: 'names no Feishu group or DingTalk robot configured on the workspace',
        },
      ]);
    const draft = await this.draft(workspace, rule);
    await this.dataSource.transaction(async (manager) => {
      // One statement decides, so two API processes cannot both send within the interval.
      const claimed: unknown[] = await manager.query(
        `INSERT INTO notification_test_send (workspace_id, sent_at) VALUES ($1, now())
         ON CONFLICT (workspace_id) DO UPDATE SET sent_at = now()
           WHERE notification_test_send.sent_at <= now() - make_interval(secs => $2)
         RETURNING workspace_id`,
        [workspace.id, TEST_SEND_INTERVAL_SECONDS],
      );
      if (!claimed.length)
        throw new LimitExceededError(
          429,
          `One test message per ${TEST_SEND_INTERVAL_SECONDS} seconds per workspace`,
          { name: 'notification test sends per workspace', value: 1 },
          TEST_SEND_INTERVAL_SECONDS,
        );
      const notice: GroupNotice = {
        workspaceId: workspace.id,
        ...draft.message,
        title: `${TEST_PREFIX[draft.locale] ?? TEST_PREFIX.en}${draft.message.title}`,
        uuid: randomUUID(),
        mentions: draft.people,
        ruleKeys: [ruleKey(rule)],
      };
      const ref = { type: 'workspace', id: workspace.id, workspaceId: workspace.id };
      if (targets.includes('feishu_chat'))
        await this.queue.enqueue(manager, { name: FEISHU_NOTICE_JOB, data: notice, ref });
      if (targets.includes('dingtalk'))
        await this.queue.enqueue(manager, { name: DINGTALK_NOTICE_JOB, data: notice, ref });
    });
    return { queued: targets };
  }

  /** The rule's message for an example event; Jira people are only known once a real issue fires it. */
  private async draft(workspace: Workspace, rule: NotificationRule) {
    const inline = /^jira\.status_entered:(.+)$/.exec(rule.event);
    const name = (inline ? 'jira.status_entered' : rule.event) as NotificationEventName;
    const status = inline?.[1] ?? rule.statuses?.[0] ?? rule.when?.status ?? 'In Testing';
    const event: NotificationEvent = {
      event: NOTIFICATION_EVENT_NAMES.includes(name) ? name : 'defect.created',
      workspaceId: workspace.id,
      actorId: null,
      subject: { type: 'workspace', id: workspace.id },
      title: workspace.name,
      path: '/',
      status,
      externalStatus: status,
      audience: 'internal',
    };
    const people = await this.mentions.resolve(workspace, [rule], event);
    const owner = await this.mentions.resolve(workspace, [{ ...rule, mention: ['owner'] }], event);
    const locale = mentionLocale(people, owner[0]?.locale ?? 'zh-CN');
    const rendered = renderNotification(event, locale, 'internal');
    return {
      locale,
      people,
      message: { title: rendered.title, body: rendered.body, url: `${this.config.publicUrl}/`, locale },
    };
  }
}
