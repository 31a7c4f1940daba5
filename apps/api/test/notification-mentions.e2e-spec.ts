import { PEOPLE } from '@portico/connectors/jira/testing/jira-simulator-state';
import { MailService } from '../src/mail/mail.service';
import { VersionReminders } from '../src/notifications/version-reminders';
import { clientFor } from './support/auth-helpers';
import { createUser, TestUser } from './support/factories';
import { Client, createFeedbackWorld, FeedbackWorld, FEISHU_FOLDER, waitFor } from './feedback.fixtures';

const [LI_WEI, , ZHANG_MIN] = PEOPLE;

type Card = {
  header: { title: { content: string } };
  elements: { tag: string; text?: { tag: string; content: string } }[];
};

describe('Trigger rules @-mention the right people in Feishu and DingTalk', () => {
  let w: FeedbackWorld;
  let admin: TestUser;
  let asAdmin: Client;
  /** An internal user Jira knows by the same e-mail; Feishu knows her only through its contact directory. */
  let liWei: TestUser;
  /** An internal user whose Portico e-mail differs from Jira's: matched by the Jira account id mapping. */
  let zhangMin: TestUser;
  let chatSeq = 0;

  beforeAll(async () => {
    w = await createFeedbackWorld();
    admin = await createUser(w.t, { org: w.pm.organization, role: 'admin' });
    asAdmin = await clientFor(w.t, admin);
    liWei = await createUser(w.t, {
      org: w.pm.organization,
      role: 'pm',
      displayName: '李伟',
      email: LI_WEI.emailAddress,
      locale: 'zh-CN',
    });
    zhangMin = await createUser(w.t, {
      org: w.pm.organization,
      role: 'pm',
      displayName: 'Zhang Min',
      locale: 'en',
    });
    w.feishu.control.addUser({
      openId: 'ou_liwei0001',
      unionId: 'on_liwei0001',
      name: '李伟',
      enName: 'Li Wei',
      email: LI_WEI.emailAddress,
    });
    w.feishu.control.addUser({
      openId: 'ou_zhangmin01',
      unionId: 'on_zhangmin01',
      name: '张敏',
      enName: 'Zhang Min',
      email: 'zhang.min@corp.example',
    });
  });
  afterAll(() => w.close());

  /** A workspace of Acme's with its own Feishu group, so each test reads only its own cards. */
  const workspaceWith = async (
    name: string,
    notificationRules: unknown[],
    extra: Record<string, unknown> = {},
  ) => {
    const chat = `oc_mentions${++chatSeq}`;
    const res = await w.asPm
      .post('/api/v1/workspaces')
      .send({
        name,
        supplierOrgId: w.ana.orgId,
        jiraProjectKey: 'HW',
        feishuFolderToken: FEISHU_FOLDER,
        feishuChatId: chat,
        notificationRules,
        ...extra,
      })
      .expect(201);
    return { id: res.body.id as string, chat };
  };
  const cardIn = async (chat: string, what: string) => {
    const message = await waitFor(
      async () => w.feishu.control.messages(chat).find((m) => m.content.includes(what)),
      30000,
      `the Feishu card about ${what}`,
    );
    return { message, card: JSON.parse(message.content) as Card };
  };
  /** Shares the issue from "To Do", so the status the test moves it to is a change. */
  const share = async (workspaceId: string, sourceRef: string) => {
    if (w.jira.control.issue(sourceRef).statusId !== '10000')
      w.jira.control.transitionIssue(sourceRef, 'To Do');
    return (
      await w.asPm
        .post(`/api/v1/workspaces/${workspaceId}/items`)
        .send({ sourceType: 'jira_issue', sourceRef, fields: ['summary'] })
        .expect(201)
    ).body.id as string;
  };
  const ruleStatus = async (workspaceId: string) =>
    (await w.asPm.get(`/api/v1/workspaces/${workspaceId}/notification-rules/status`).expect(200)).body
      .items as {
      index: number;
      channels: {
        channel: string;
        mentioned: string[];
        notMentioned: { name: string; reason: string; message: string }[];
      }[];
    }[];

  it('mentions the assignee of a shared item’s issue entering "测试中" in the Feishu group, found through the contact directory by e-mail', async () => {
    const ws = await workspaceWith('Acme — testing handover', [
      {
        event: 'jira.status_entered',
        statuses: ['In Testing', '测试中'],
        channels: ['feishu_chat'],
        mention: ['assignee'],
      },
    ]);
    w.jira.control.editIssue('HW-6', { assignee: { accountId: LI_WEI.accountId } });
    const itemId = await share(ws.id, 'HW-6');
    w.jira.control.transitionIssue('HW-6', '测试中');

    const { message, card } = await cardIn(ws.chat, 'HW-6');
    // In the mentioned person's language (Li Wei reads Chinese), with her open_id in lark_md.
    expect(card.header.title.content).toBe('Jira 状态：测试中');
    expect(card.elements[1]).toEqual({
      tag: 'div',
      text: { tag: 'lark_md', content: '请关注：<at id=ou_liwei0001></at>' },
    });
    expect(message.mentions).toEqual(['ou_liwei0001']);
    expect(JSON.stringify(card)).toContain(`http://portico.test/items/${itemId}`);
    expect(w.feishu.control.calls({ route: 'contact.users.batch_get_id' }).length).toBeGreaterThan(0);
    const [status] = await ruleStatus(ws.id);
    expect(status.channels).toEqual([
      expect.objectContaining({ channel: 'feishu_chat', mentioned: ['李伟'], notMentioned: [] }),
    ]);

    // A status the rule does not list fires nothing.
    const before = w.feishu.control.messages(ws.chat).length;
    w.jira.control.transitionIssue('HW-6', 'Done');
    await new Promise((r) => setTimeout(r, 3000));
    expect(w.feishu.control.messages(ws.chat).length).toBe(before);
  });

  it('matches the assignee by the Jira account id mapped on the user, and the open_id an admin linked', async () => {
    await asAdmin
      .patch(`/api/v1/users/${zhangMin.id}`)
      .send({ jiraAccountId: ZHANG_MIN.accountId, feishuOpenId: 'ou_zhangmin01' })
      .expect(200);
    const ws = await workspaceWith('Acme — account ids', [
      { event: 'jira.status_entered:in testing', channels: ['feishu_chat'], mention: ['assignee'] },
    ]);
    w.jira.control.editIssue('HW-7', { assignee: { accountId: ZHANG_MIN.accountId } });
    await share(ws.id, 'HW-7');
    w.jira.control.transitionIssue('HW-7', 'In Testing');
    const { message, card } = await cardIn(ws.chat, 'HW-7');
    expect(card.header.title.content).toBe('Jira status: In Testing');
    expect(card.elements[1].text).toEqual({
      tag: 'lark_md',
      content: 'Attention: <at id=ou_zhangmin01></at>',
    });
    expect(message.mentions).toEqual(['ou_zhangmin01']);
  });

  it('names people it cannot mention in a readable card, and the rule shows why', async () => {
    const ws = await workspaceWith('Acme — unmapped', [
      {
        event: 'jira.status_entered',
        statuses: ['测试中'],
        channels: ['feishu_chat'],
        mention: ['owner', 'reporter'],
      },
    ]);
    const reporter = w.jira.control.issue('HW-8').reporter;
    expect(reporter.accountId).not.toBe(LI_WEI.accountId);
    await share(ws.id, 'HW-8');
    w.jira.control.transitionIssue('HW-8', '测试中');
    const { message, card } = await cardIn(ws.chat, 'HW-8');
    // The owner (Pat PM) has no Feishu account; the reporter is nobody in Portico: both named, neither mentioned.
    expect(card.elements[0].text!.content).toContain('HW-8');
    expect(card.elements[1].text).toEqual({
      tag: 'lark_md',
      content: `请关注：Pat PM ${reporter.displayName}`,
    });
    expect(message.mentions).toEqual([]);
    const [status] = await ruleStatus(ws.id);
    expect(status.channels[0].notMentioned).toEqual([
      {
        name: 'Pat PM',
        target: 'owner',
        reason: 'no_feishu_account',
        message: 'not mentioned: no Feishu account linked',
      },
      {
        name: reporter.displayName,
        target: 'reporter',
        reason: 'no_portico_user',
        message: 'not mentioned: no Portico user matches the Jira person',
      },
    ]);
  });

  it('tells the DingTalk group of a supplier defect with at.atMobiles / at.atUserIds and the matching @ text', async () => {
    await asAdmin.patch(`/api/v1/users/${w.pm.id}`).send({ dingtalkMobile: '13800000000' }).expect(200);
    await asAdmin.patch(`/api/v1/users/${liWei.id}`).send({ dingtalkUserId: 'liwei01' }).expect(200);
    const ws = await workspaceWith(
      'Acme — follow-up',
      [
        {
          event: 'defect.created',
          channels: ['dingtalk', 'in_app'],
          mention: ['owner', `user:${liWei.id}`, `user:${zhangMin.id}`],
        },
      ],
      { dingtalkWebhook: w.dingtalk.control.webhookUrl('mentions-robot'), dingtalkSecret: 'SECmentions0123' },
    );
    w.dingtalk.control.addRobot({ accessToken: 'mentions-robot', secret: 'SECmentions0123' });
    await w.asAna
      .post(`/api/v1/workspaces/${ws.id}/defects`)
      .send({ title: 'Cracked boss on housing', description: 'd', severity: 'major' })
      .expect(201);
    const sent = await waitFor(
      async () =>
        w.dingtalk.control
          .messages('mentions-robot')
          .find((m) => JSON.stringify(m.body).includes('Cracked boss')),
      30000,
      'the DingTalk message',
    );
    expect(sent.body).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: 'Portico: 新缺陷：Cracked boss on housing',
        text: [
          '#### Portico: 新缺陷：Cracked boss on housing',
          '有人报告了缺陷：Cracked boss on housing（major）。',
          '请关注：@13800000000 @liwei01 Zhang Min',
          `[Portico](http://portico.test/defects/${(await w.t.dataSource.query(`SELECT id FROM defect WHERE title = 'Cracked boss on housing'`))[0].id})`,
        ].join('\n\n'),
      },
      at: { atUserIds: ['liwei01'], atMobiles: ['13800000000'], isAtAll: false },
    });
    expect(sent.mentioned.sort()).toEqual(['13800000000', 'liwei01']);
    const [status] = await ruleStatus(ws.id);
    expect(status.channels).toEqual([
      expect.objectContaining({
        channel: 'dingtalk',
        mentioned: ['Pat PM', '李伟'],
        notMentioned: [
          expect.objectContaining({
            name: 'Zhang Min',
            message: 'not mentioned: no DingTalk mobile or user id',
          }),
        ],
      }),
    ]);
  });

  it('keeps internal people’s identifiers out of what suppliers receive', async () => {
    const ws = await workspaceWith('Acme — versions with mentions', [
      {
        event: 'item.version_published',
        channels: ['email', 'in_app', 'feishu_chat'],
        mention: ['owner', `user:${liWei.id}`],
      },
    ]);
    const itemId = await share(ws.id, 'HW-9');
    await w.asPm.post(`/api/v1/items/${itemId}/publish`).send({}).expect(201);
    await cardIn(ws.chat, '(v1)');
    const mail = await waitFor(
      async () =>
        w.t.app
          .get(MailService)
          .outbox()
          .find((m) => m.to === w.ana.email && m.text.includes(itemId)),
      30000,
      'the supplier e-mail',
    );
    const inbox = JSON.stringify((await w.asAna.get('/api/v1/notifications').expect(200)).body);
    for (const secret of ['ou_', '13800000000', 'liwei01', '请关注', 'Attention'])
      expect(JSON.stringify(mail) + inbox).not.toContain(secret);
  });

  it('reminds the supplier admin by e-mail and @-mentions the owner on Feishu of a version not acknowledged after N days, once', async () => {
    const supplierAdmin = await createUser(w.t, { org: w.ana.organization, role: 'supplier_admin' });
    const chat = 'oc_mentionsreminder';
    const ws = (
      await asAdmin
        .post('/api/v1/workspaces')
        .send({
          name: 'Acme — acknowledgements',
          supplierOrgId: w.ana.orgId,
          ownerId: liWei.id,
          jiraProjectKey: 'HW',
          feishuChatId: chat,
          notificationRules: [
            {
              event: 'item.version_unacknowledged',
              afterDays: 5,
              channels: ['email', 'feishu_chat'],
              mention: ['owner'],
            },
          ],
        })
        .expect(201)
    ).body.id as string;
    const publish = async (key: string) => {
      const id = (
        await asAdmin
          .post(`/api/v1/workspaces/${ws}/items`)
          .send({ sourceType: 'jira_issue', sourceRef: key })
          .expect(201)
      ).body.id as string;
      await asAdmin.post(`/api/v1/items/${id}/publish`).send({}).expect(201);
      return id;
    };
    const waiting = await publish('HW-11');
    const acknowledged = await publish('HW-12');
    const recent = await publish('HW-13');
    await w.asAna.post(`/api/v1/items/${acknowledged}/versions/1/acknowledgements`).expect(201);
    await w.t.dataSource.query(
      `UPDATE shared_item_version SET published_at = now() - interval '6 days' WHERE item_id = ANY($1)`,
      [[waiting, acknowledged]],
    );
    await w.t.dataSource.query(
      `UPDATE shared_item_version SET published_at = now() - interval '4 days' WHERE item_id = $1`,
      [recent],
    );

    const reminders = w.t.app.get(VersionReminders);
    expect(await reminders.remind()).toBe(1);
    expect(await reminders.remind()).toBe(0);

    const { card, message } = await cardIn(chat, '尚未确认');
    expect(card.header.title.content).toMatch(/^尚未确认：.+ \(v1\)$/);
    expect(card.elements[1].text).toEqual({ tag: 'lark_md', content: '请关注：<at id=ou_liwei0001></at>' });
    expect(message.mentions).toEqual(['ou_liwei0001']);
    expect(JSON.stringify(card)).toContain(`/items/${waiting}`);
    const mail = await waitFor(
      async () =>
        w.t.app
          .get(MailService)
          .outbox()
          .find((m) => m.to === supplierAdmin.email && m.text.includes(waiting)),
      30000,
      'the reminder e-mail',
    );
    expect(mail.subject).toMatch(/^Portico: Not acknowledged yet: .+ \(v1\)$/);
    expect(mail.text).toContain('waited 5 days');
    expect(mail.text).not.toContain('ou_');
    // Only the supplier admin, and only for the version still waiting after 5 days.
    const sent = w.t.app
      .get(MailService)
      .outbox()
      .filter((m) => m.subject.includes('Not acknowledged'));
    expect(sent.map((m) => m.to)).toEqual([supplierAdmin.email]);
  });

  describe('the rule editor: preview and test send', () => {
    const rule = {
      event: 'defect.created',
      channels: ['feishu_chat', 'dingtalk'],
      mention: ['owner', `user:${'0'.repeat(8)}-0000-0000-0000-000000000000`],
    };

    it('previews the exact Feishu card and DingTalk message, with who is mentioned and why not', async () => {
      const ws = await workspaceWith('Acme — preview', [], {
        dingtalkWebhook: w.dingtalk.control.webhookUrl('preview-robot'),
      });
      const res = await w.asPm
        .post(`/api/v1/workspaces/${ws.id}/notification-rules/preview`)
        .send({ rule: { ...rule, mention: ['owner', `user:${liWei.id}`] } })
        .expect(200);
      expect(res.body.locale).toBe('zh-CN');
      expect(res.body.feishuCard.elements[1].text).toEqual({
        tag: 'lark_md',
        content: '请关注：Pat PM <at id=ou_liwei0001></at>',
      });
      expect(res.body.dingtalk.at).toEqual({
        atUserIds: ['liwei01'],
        atMobiles: ['13800000000'],
        isAtAll: false,
      });
      expect(res.body.mentions).toEqual(
        expect.arrayContaining([
          {
            name: 'Pat PM',
            target: 'owner',
            channel: 'feishu_chat',
            mentioned: false,
            reason: 'no_feishu_account',
            message: 'not mentioned: no Feishu account linked',
          },
          { name: '李伟', target: `user:${liWei.id}`, channel: 'feishu_chat', mentioned: true },
        ]),
      );
      const unknown = await w.asPm
        .post(`/api/v1/workspaces/${ws.id}/notification-rules/preview`)
        .send({ rule })
        .expect(200);
      expect(unknown.body.mentions).toContainEqual(
        expect.objectContaining({
          channel: 'dingtalk',
          mentioned: false,
          message: 'not mentioned: not an active internal user',
        }),
      );
    });

    it('posts a test message to the configured group, once per 30 seconds per workspace', async () => {
      const ws = await workspaceWith('Acme — test send', []);
      const sent = await w.asPm
        .post(`/api/v1/workspaces/${ws.id}/notification-rules/test`)
        .send({
          rule: {
            event: 'jira.status_entered',
            statuses: ['测试中'],
            channels: ['feishu_chat'],
            mention: [`user:${liWei.id}`],
          },
        })
        .expect(202);
      expect(sent.body).toEqual({ queued: ['feishu_chat'] });
      const { card, message } = await cardIn(ws.chat, '【测试】');
      expect(card.header.title.content).toBe('【测试】Jira 状态：测试中');
      expect(message.mentions).toEqual(['ou_liwei0001']);
      const again = await w.asPm
        .post(`/api/v1/workspaces/${ws.id}/notification-rules/test`)
        .send({ rule: { event: 'defect.created', channels: ['feishu_chat'] } })
        .expect(429);
      expect(again.headers['retry-after']).toBe('30');
      const noGroup = await w.asPm
        .post(`/api/v1/workspaces/${ws.id}/notification-rules/test`)
        .send({ rule: { event: 'defect.created', channels: ['dingtalk'] } })
        .expect(422);
      expect(JSON.stringify(noGroup.body)).toContain('rule.channels');
    });

    it('refuses bad rules naming the field, and hides other organisations’ workspaces', async () => {
      const ws = await workspaceWith('Acme — editor checks', []);
      const bad = await w.asPm
        .post(`/api/v1/workspaces/${ws.id}/notification-rules/preview`)
        .send({ rule: { event: 'defect.created', channels: ['feishu_chat'], mention: ['everyone'] } })
        .expect(400);
      expect(JSON.stringify(bad.body)).toContain('rule.mention');
      await w.asPm.post(`/api/v1/workspaces/${ws.id}/notification-rules/preview`).send({}).expect(400);
      await w.asBo.post(`/api/v1/workspaces/${ws.id}/notification-rules/preview`).send({ rule }).expect(403);
      await w.asBo.get(`/api/v1/workspaces/${ws.id}/notification-rules/status`).expect(403);
    });
  });

  it('lets only admins map internal users, refusing suppliers’ accounts, bad values and a taken open_id', async () => {
    await w.asPm.patch(`/api/v1/users/${zhangMin.id}`).send({ dingtalkMobile: '13900000000' }).expect(403);
    const supplier = await asAdmin
      .patch(`/api/v1/users/${w.ana.id}`)
      .send({ feishuOpenId: 'ou_ana' })
      .expect(422);
    expect(JSON.stringify(supplier.body)).toContain('feishuOpenId');
    const bad = await asAdmin
      .patch(`/api/v1/users/${zhangMin.id}`)
      .send({ dingtalkMobile: 'call me' })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('dingtalkMobile');
    const taken = await asAdmin
      .patch(`/api/v1/users/${liWei.id}`)
      .send({ feishuOpenId: 'ou_zhangmin01' })
      .expect(409);
    expect(JSON.stringify(taken.body)).toContain('feishuOpenId');
    const cleared = await asAdmin
      .patch(`/api/v1/users/${zhangMin.id}`)
      .send({ jiraAccountId: null })
      .expect(200);
    expect(cleared.body.jiraAccountId).toBeNull();
    expect(cleared.body.feishuOpenId).toBe('ou_zhangmin01');
  });
});
