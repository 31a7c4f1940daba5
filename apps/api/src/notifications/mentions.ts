import { Inject, Injectable, Logger } from '@nestjs/common';
import { FEISHU_CLIENT, FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { type User, UsersService } from '../users';
import type { NotificationRule, Workspace } from '../workspaces';
import type { JiraPerson, NotificationEvent } from '../notification-events';
import { ruleKey } from './notification-rules';
import { isUuid } from '../common';

/** Why a person named by a rule could not be @-mentioned; shown on the rule as "not mentioned: …". */
export type NotMentionedReason =
  'no_feishu_account' | 'no_dingtalk_account' | 'no_portico_user' | 'no_jira_person' | 'not_internal';

export const NOT_MENTIONED_TEXT: Record<NotMentionedReason, string> = {
  no_feishu_account: 'no Feishu account linked',
  no_dingtalk_account: 'no DingTalk mobile or user id',
  no_portico_user: 'no Portico user matches the Jira person',
  no_jira_person: 'the Jira issue names nobody for it',
  not_internal: 'not an active internal user',
};

/**
 * Someone a rule asks to mention, resolved to an internal user where possible. Identifiers only travel
 * in group-channel jobs (internal rooms); nothing of this reaches suppliers' e-mail or in-app notices.
 */
export interface MentionPerson {
  /** The rule's target (`assignee`, `owner`, `user:<id>`…). */
  target: string;
  /** Display name: the user's, or the Jira person's when no user matches. */
  name: string;
  userId?: string;
  email?: string;
  locale?: string;
  feishuOpenId?: string;
  dingtalkMobile?: string;
  dingtalkUserId?: string;
  /** Set when nobody could be resolved: the message names `name` without a mention. */
  missing?: NotMentionedReason;
  /** Keys of the rules that asked for this person. */
  rules: string[];
}

/** One person's result on one channel. */
export interface MentionOutcome {
  name: string;
  target: string;
  /** The Feishu open_id, DingTalk user id or mobile mentioned; absent when not mentioned. */
  id?: string;
  reason?: NotMentionedReason;
  /** DingTalk: whether `id` is a user id or a mobile number. */
  via?: 'userId' | 'mobile';
  rules: string[];
}

/** Whom a rule's targets name for this event, before any channel is involved. */
function wanted(
  workspace: Workspace,
  target: string,
  event: NotificationEvent,
): { userIds: string[]; jira?: JiraPerson | null } {
  if (target === 'owner') return { userIds: [workspace.ownerId] };
  if (target === 'co_owners') return { userIds: workspace.coOwnerIds ?? [] };
  if (target.startsWith('user:')) return { userIds: [target.slice(5)].filter((id) => isUuid(id)) };
  if (target === 'assignee' || target === 'reporter')
    return { userIds: [], jira: event.jira?.[target] ?? null };
  return { userIds: [] };
}

@Injectable()
export class MentionResolver {
  private readonly logger = new Logger(MentionResolver.name);

  constructor(
    private readonly users: UsersService,
    @Inject(FEISHU_CLIENT) private readonly feishu: FeishuClient,
  ) {}

  /**
   * The people the matched rules mention for this event. Jira people are matched to internal users by
   * e-mail where Jira shows it, else by the account id mapped on the user; else they are named only.
   */
  async resolve(
    workspace: Workspace,
    rules: NotificationRule[],
    event: NotificationEvent,
  ): Promise<MentionPerson[]> {
    const asks = rules.flatMap((rule) =>
      (rule.mention ?? []).map((target) => ({
        target: target.toLowerCase(),
        rule: ruleKey(rule),
      })),
    );
    if (!asks.length) return [];
    const plans = asks.map((ask) => ({ ...ask, ...wanted(workspace, ask.target, event) }));
    const profiles = await this.users.mentionProfiles({
      ids: plans.flatMap((p) => p.userIds),
      emails: plans.flatMap((p) => (p.jira?.email ? [p.jira.email] : [])),
      jiraAccountIds: plans.flatMap((p) => (p.jira?.accountId ? [p.jira.accountId] : [])),
    });
    const people = new Map<string, MentionPerson>();
    const add = (key: string, person: Omit<MentionPerson, 'rules'>, rule: string) => {
      const known = people.get(key);
      if (known) known.rules = [...new Set([...known.rules, rule])];
      else people.set(key, { ...person, rules: [rule] });
    };
    for (const plan of plans) {
      for (const id of plan.userIds) {
        const user = profiles.find((u) => u.id === id);
        if (user) add(user.id, personOf(plan.target, user), plan.rule);
        else
          add(
            `${plan.target}:${id}`,
            { target: plan.target, name: plan.target, missing: 'not_internal' },
            plan.rule,
          );
      }
      if (plan.target === 'assignee' || plan.target === 'reporter') {
        const jira = plan.jira;
        if (!jira) {
          add(plan.target, { target: plan.target, name: plan.target, missing: 'no_jira_person' }, plan.rule);
          continue;
        }
        const user =
          (jira.email && profiles.find((u) => u.email.toLowerCase() === jira.email!.toLowerCase())) ||
          (jira.accountId && profiles.find((u) => u.jiraAccountId === jira.accountId)) ||
          undefined;
        if (user) add(user.id, personOf(plan.target, user), plan.rule);
        else
          add(
            `jira:${jira.accountId ?? jira.displayName}`,
            { target: plan.target, name: jira.displayName, missing: 'no_portico_user' },
            plan.rule,
          );
      }
    }
    return [...people.values()];
  }

  /**
   * Fills in Feishu open_ids missing on users through Feishu's contact directory (by e-mail). A failed
   * lookup leaves them unmentioned rather than holding up the message.
   */
  async withFeishuIds(people: MentionPerson[]): Promise<MentionPerson[]> {
    const emails = people.filter((p) => !p.missing && !p.feishuOpenId && p.email).map((p) => p.email!);
    if (!emails.length) return people;
    const found = await this.feishu.findOpenIdsByEmail(emails).catch((error: unknown) => {
      this.logger.warn(`Feishu contact lookup failed: ${(error as Error).message}`);
      return new Map<string, string>();
    });
    return people.map((p) =>
      !p.feishuOpenId && p.email && found.has(p.email.toLowerCase())
        ? { ...p, feishuOpenId: found.get(p.email.toLowerCase()) }
        : p,
    );
  }
}

function personOf(target: string, user: User): Omit<MentionPerson, 'rules'> {
  return {
    target,
    name: user.displayName,
    userId: user.id,
    email: user.email,
    locale: user.locale,
    ...(user.feishuOpenId ? { feishuOpenId: user.feishuOpenId } : {}),
    ...(user.dingtalkMobile ? { dingtalkMobile: user.dingtalkMobile } : {}),
    ...(user.dingtalkUserId ? { dingtalkUserId: user.dingtalkUserId } : {}),
  };
}

/** Who is mentioned on Feishu, and why the others are not. */
export function feishuOutcomes(people: MentionPerson[]): MentionOutcome[] {
  return people.map((p) => ({
    name: p.name,
    target: p.target,
    rules: p.rules,
    ...(p.missing
      ? { reason: p.missing }
      : p.feishuOpenId
        ? { id: p.feishuOpenId }
        : { reason: 'no_feishu_account' as const }),
  }));
}

/** Who is mentioned on DingTalk (user id preferred over mobile), and why the others are not. */
export function dingtalkOutcomes(people: MentionPerson[]): MentionOutcome[] {
  return people.map((p) => {
    const id = p.dingtalkUserId ?? p.dingtalkMobile;
    const via = p.dingtalkUserId ? ('userId' as const) : ('mobile' as const);
    return {
      name: p.name,
      target: p.target,
      rules: p.rules,
      ...(p.missing ? { reason: p.missing } : id ? { id, via } : { reason: 'no_dingtalk_account' as const }),
    };
  });
}

/** The language of a group message: the mentioned users' own when they share one, else `fallback`. */
export function mentionLocale(people: MentionPerson[], fallback: string): string {
  const locales = new Set(people.filter((p) => p.locale).map((p) => p.locale));
  return locales.size === 1 ? [...locales][0]! : fallback;
}
