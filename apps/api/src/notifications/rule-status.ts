import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Workspace } from '../workspaces';
import { MentionOutcome, NOT_MENTIONED_TEXT, NotMentionedReason } from './mentions';
import { ruleKey } from './notification-rules';

export interface ChannelStatus {
  channel: string;
  sentAt: Date;
  mentioned: string[];
  notMentioned: { name: string; target: string; reason: NotMentionedReason; message: string }[];
}

/**
 * What each rule's last group message did (table notification_rule_status): whom it mentioned and,
 * for the others, why not — so a PM sees "not mentioned: no Feishu account linked" on the rule.
 */
@Injectable()
export class RuleStatusStore {
  private readonly logger = new Logger(RuleStatusStore.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Best effort: it runs after the message went out, and a failure here must not retry the send job
   * (DingTalk would post the message twice).
   */
  async record(
    workspaceId: string,
    channel: string,
    ruleKeys: string[],
    outcomes: MentionOutcome[],
  ): Promise<void> {
    await this.write(workspaceId, channel, ruleKeys, outcomes).catch((error: unknown) =>
      this.logger.warn(`rule status of workspace ${workspaceId} not recorded: ${(error as Error).message}`),
    );
  }

  private async write(
    workspaceId: string,
    channel: string,
    ruleKeys: string[],
    outcomes: MentionOutcome[],
  ): Promise<void> {
    for (const key of ruleKeys) {
      const mine = outcomes.filter((o) => o.rules.includes(key));
      const mentioned = mine.filter((o) => o.id).map((o) => o.name);
      const notMentioned = mine
        .filter((o) => o.reason)
        .map((o) => ({ name: o.name, target: o.target, reason: o.reason! }));
      await this.dataSource.query(
        `INSERT INTO notification_rule_status (workspace_id, rule_key, channel, sent_at, mentioned, not_mentioned)
         VALUES ($1, $2, $3, now(), $4, $5)
         ON CONFLICT (workspace_id, rule_key, channel) DO UPDATE
           SET sent_at = now(), mentioned = EXCLUDED.mentioned, not_mentioned = EXCLUDED.not_mentioned`,
        [workspaceId, key, channel, JSON.stringify(mentioned), JSON.stringify(notMentioned)],
      );
    }
  }

  /** The status of each of the workspace's current rules, in the rules' order. */
  async forWorkspace(workspace: Workspace): Promise<{ index: number; channels: ChannelStatus[] }[]> {
    const rows: {
      ruleKey: string;
      channel: string;
      sentAt: Date;
      mentioned: string[];
      notMentioned: { name: string; target: string; reason: NotMentionedReason }[];
    }[] = await this.dataSource.query(
      `SELECT rule_key AS "ruleKey", channel, sent_at AS "sentAt", mentioned, not_mentioned AS "notMentioned"
         FROM notification_rule_status WHERE workspace_id = $1 ORDER BY channel`,
      [workspace.id],
    );
    return (workspace.notificationRules ?? []).map((rule, index) => {
      const key = ruleKey(rule);
      return {
        index,
        channels: rows
          .filter((r) => r.ruleKey === key)
          .map((r) => ({
            channel: r.channel,
            sentAt: r.sentAt,
            mentioned: r.mentioned,
            notMentioned: r.notMentioned.map((n) => ({
              ...n,
              message: `not mentioned: ${NOT_MENTIONED_TEXT[n.reason] ?? n.reason}`,
            })),
          })),
      };
    });
  }
}
