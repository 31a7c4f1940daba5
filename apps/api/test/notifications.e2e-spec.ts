import { DEFAULT_DINGTALK_ROBOT } from '@portico/connectors/dingtalk/testing/dingtalk-simulator';
import { MailService } from '../src/mail/mail.service';
import { createFeedbackWorld, FEISHU_CHAT, FeedbackWorld, waitFor } from './feedback.fixtures';

type Notice = { id: string; event: string; title: string; body: string; link: string; read: boolean };

describe('Notifications: trigger rules, channels and in-app notices', () => {
  let w: FeedbackWorld;

  beforeAll(async () => {
    w = await createFeedbackWorld();
  });
  afterAll(() => w.close());

  const inbox = async (client = w.asAna, query = '') =>
    (await client.get(`/api/v1/notifications${query}`).expect(200)).body as {
      items: Notice[];
      unreadCount: number;
      nextCursor: string | null;
    };
  const report = async (title: string) =>
    (
      await w.asAna
        .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
        .send({ title, description: 'd', severity: 'major' })
        .expect(201)
    ).body.id as string;

  it('tells the owning PM of a supplier’s new defect in their language, in-app and on the Feishu group, and not the reporter', async () => {
    const id = await report('Porosity in casting');
    const notice = await waitFor(
      async () => (await inbox(w.asPm)).items.find((n) => n.link === `/defects/${id}`),
      20000,
      'the PM notice',
    );
    expect(notice.title).toBe('新缺陷：Porosity in casting');
    await waitFor(
      async () =>
        w.feishu.control
          .messages(FEISHU_CHAT)
          .some((m) => m.content.includes('Porosity in casting') && m.content.includes('新缺陷')),
      20000,
      'the Feishu card',
    );
    await waitFor(
      async () =>
        w.dingtalk.control
          .messages(DEFAULT_DINGTALK_ROBOT.accessToken)
          .some((m) => JSON.stringify(m.body).includes('Porosity')),
      20000,
      'the DingTalk message',
    );
    expect((await inbox()).items.some((n) => n.link === `/defects/${id}`)).toBe(false);
  });

  it('tells the supplier’s users of a status change in-app and by email, in English, without the internal Jira status', async () => {
    const id = await report('Thread galling');
    const key = (await waitFor(
      async () => (await w.asAna.get(`/api/v1/defects/${id}`).expect(200)).body.sync.jiraKey,
      30000,
      'the Jira key',
    )) as string;
    w.jira.control.transitionIssue(key, 'In Progress');
    const notice = await waitFor(
      async () =>
        (await inbox()).items.find((n) => n.event === 'defect.status_changed' && n.link === `/defects/${id}`),
      20000,
      'Ana’s notice',
    );
    expect(notice).toMatchObject({ title: 'Defect status: Being fixed', read: false });
    expect(notice.body).not.toContain('In Progress');
    const mail = await waitFor(
      async () =>
        w.t.app
          .get(MailService)
          .outbox()
          .find((m) => m.to === w.ana.email && m.text.includes('Thread galling')),
      20000,
      'the email',
    );
    expect(mail.subject).toBe('Portico: Defect status: Being fixed');
    expect(mail.text).not.toContain('In Progress');
    expect(mail.text).toContain(`http://portico.test/defects/${id}`);
    expect((await inbox(w.asBo)).items.some((n) => n.link === `/defects/${id}`)).toBe(false);
  });

  it('counts unread notices and marks one or all as read, only for their owner', async () => {
    const before = await inbox();
    expect(before.unreadCount).toBeGreaterThan(0);
    const [first] = before.items;
    await w.asBo.post(`/api/v1/notifications/${first.id}/read`).expect(404);
    await w.asPm.post(`/api/v1/notifications/${first.id}/read`).expect(404);
    expect((await w.asAna.post(`/api/v1/notifications/${first.id}/read`).expect(200)).body.read).toBe(true);
    expect((await inbox()).unreadCount).toBe(before.unreadCount - 1);
    expect((await inbox(w.asAna, '?unread=true')).items.map((n) => n.id)).not.toContain(first.id);
    const all = (await w.asAna.post('/api/v1/notifications/read-all').expect(200)).body;
    expect(all.unreadCount).toBe(0);
    await w.asAna.get('/api/v1/notifications?limit=0').expect(400);
    await w.asAna.post('/api/v1/notifications/not-a-uuid/read').expect(400);
  });

  it('never tells suppliers of internal comments, and tells them of public replies', async () => {
    await w.asPm
      .post(`/api/v1/items/${w.itemId}/comments`)
      .send({ body: 'Internal: chase them', visibility: 'internal' })
      .expect(201);
    const reply = (
      await w.asPm.post(`/api/v1/items/${w.itemId}/comments`).send({ body: 'We approved rev C' }).expect(201)
    ).body;
    await waitFor(
      async () => (await inbox()).items.some((n) => n.link === `/items/${w.itemId}#comment-${reply.id}`),
      20000,
      'the reply notice',
    );
    const all = JSON.stringify((await inbox()).items);
    expect(all).not.toContain('chase them');
  });

  it('follows the workspace’s own rules instead of the defaults once it has some', async () => {
    await w.asPm
      .patch(`/api/v1/workspaces/${w.acmeWorkspaceId}`)
      .send({ notificationRules: [{ event: 'defect.created', channels: ['dingtalk'] }] })
      .expect(200);
    const feishuBefore = w.feishu.control.messages(FEISHU_CHAT).length;
    const id = await report('Wrong anodising colour');
    await waitFor(
      async () =>
        w.dingtalk.control
          .messages(DEFAULT_DINGTALK_ROBOT.accessToken)
          .some((m) => JSON.stringify(m.body).includes('anodising')),
      20000,
      'the DingTalk message',
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(w.feishu.control.messages(FEISHU_CHAT).length).toBe(feishuBefore);
    expect((await inbox(w.asPm)).items.some((n) => n.link === `/defects/${id}`)).toBe(false);
  });
});
