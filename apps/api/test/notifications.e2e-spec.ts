import { createHash } from 'node:crypto';
import {
  DEFAULT_DINGTALK_ROBOT,
  startDingTalkSimulator,
} from '@portico/connectors/dingtalk/testing/dingtalk-simulator';
import { RenameNotificationEvents1764840000000 } from '../../../migrations/1764840000000-RenameNotificationEvents';
import { MailService } from '../src/mail/mail.service';
import {
  Client,
  createFeedbackWorld,
  FEISHU_CHAT,
  FeedbackWorld,
  jiraKeyOf,
  storeRevision,
  waitFor,
} from './feedback.fixtures';

type Notice = {
  id: string;
  event: string;
  title: string;
  body: string;
  link: string;
  read: boolean;
  workspaceId: string | null;
};
type Change = {
  kind: string;
  at: string;
  workspaceId: string;
  title: string;
  link: string;
  status?: string;
  note?: string | null;
};

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
    const key = await jiraKeyOf(w, id);
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

  // A workspace of Acme's of its own, so rules other tests set do not apply.
  const acmeWorkspace = async (name: string) =>
    (
      await w.asPm
        .post('/api/v1/workspaces')
        .send({ name, supplierOrgId: w.ana.orgId, jiraProjectKey: 'HW', feishuChatId: FEISHU_CHAT })
        .expect(201)
    ).body.id as string;
  const shareAndPublish = async (workspaceId: string, sourceRef: string) => {
    const item = await w.asPm
      .post(`/api/v1/workspaces/${workspaceId}/items`)
      .send({ sourceType: 'jira_issue', sourceRef, fields: ['summary', 'status'] })
      .expect(201);
    await w.asPm.post(`/api/v1/items/${item.body.id}/publish`).send({}).expect(201);
    return item.body.id as string;
  };
  const noticeOf = (event: string, link: string, client: Client = w.asAna) =>
    waitFor(
      async () => (await inbox(client)).items.find((n) => n.event === event && n.link === link),
      20000,
      `the ${event} notice`,
    );
  /** What the portal does: start a revision, PUT the parts to storage, complete it. */
  const uploadRevision = async (client: Client, fileId: string, body: Buffer) => {
    const started = await client
      .post(`/api/v1/files/${fileId}/revisions`)
      .send({
        fileName: 'bracket.pdf',
        size: body.length,
        sha256: createHash('sha256').update(body).digest('hex'),
      })
      .expect(201);
    const { parts: urls, partSize } = started.body.upload;
    const parts: { partNumber: number; etag: string }[] = [];
    for (const part of urls as { partNumber: number; size: number; url: string }[]) {
      const offset = (part.partNumber - 1) * partSize;
      const res = await fetch(part.url, { method: 'PUT', body: body.subarray(offset, offset + part.size) });
      expect(res.status).toBe(200);
      parts.push({ partNumber: part.partNumber, etag: res.headers.get('etag')! });
    }
    const seq = started.body.revision.seq as number;
    await client.post(`/api/v1/files/${fileId}/revisions/${seq}/complete`).send({ parts }).expect(200);
    return seq;
  };

  it('tells the supplier of a new version by email and in-app under the default rules, published by hand or automatically', async () => {
    const workspaceId = await acmeWorkspace('Acme — versions');
    const itemId = await shareAndPublish(workspaceId, 'HW-2');
    const notice = await noticeOf('item.version_published', `/items/${itemId}`);
    expect(notice.title).toMatch(/^New version: .+ \(v1\)$/);
    expect(notice.workspaceId).toBe(workspaceId);
    const mail = await waitFor(
      async () =>
        w.t.app
          .get(MailService)
          .outbox()
          .find((m) => m.to === w.ana.email && m.text.includes(`/items/${itemId}`)),
      20000,
      'the email of the new version',
    );
    expect(mail.subject).toBe(`Portico: ${notice.title}`);

    await w.asPm.patch(`/api/v1/workspaces/${workspaceId}`).send({ autoPublish: true }).expect(200);
    w.jira.control.editIssue('HW-2', { summary: 'Gear ratio table, auto-published' });
    const automatic = await waitFor(
      async () =>
        (await inbox()).items.find(
          (n) => n.link === `/items/${itemId}` && n.title.includes('auto-published (v2)'),
        ),
      30000,
      'the notice of the automatically published version',
    );
    expect(automatic.event).toBe('item.version_published');
    expect(JSON.stringify((await inbox(w.asBo)).items)).not.toContain(itemId);
  });

  it('tells the owning PM of a supplier’s new drawing revision, and the supplier of the PM’s review', async () => {
    const workspaceId = await acmeWorkspace('Acme — drawings');
    const file = await w.asAna
      .post(`/api/v1/workspaces/${workspaceId}/files`)
      .send({ documentNumber: 'D-770', title: 'Bracket' })
      .expect(201);
    const seq = await uploadRevision(w.asAna, file.body.id, Buffer.from('%PDF-1.7\n% bracket drawing\n'));
    const available = await noticeOf('file.revision_available', `/files/${file.body.id}`, w.asPm);
    expect(available.title).toMatch(/^图纸新版本：D-770 rev \w+$/);
    await waitFor(
      async () => w.feishu.control.messages(FEISHU_CHAT).some((m) => m.content.includes('D-770')),
      20000,
      'the Feishu card of the new revision',
    );
    expect((await inbox()).items.some((n) => n.link === `/files/${file.body.id}`)).toBe(false);

    await w.asPm
      .patch(`/api/v1/files/${file.body.id}/revisions/${seq}`)
      .send({ reviewState: 'changes_requested', note: 'Add the bore tolerances' })
      .expect(200);
    const reviewed = await noticeOf('file.revision_reviewed', `/files/${file.body.id}`);
    expect(reviewed.title).toMatch(/^Drawing reviewed: D-770 rev \w+$/);
    expect(reviewed.body).toContain('changes requested');
    expect(JSON.stringify((await inbox(w.asBo)).items)).not.toContain(file.body.id);
  });

  it('stops showing a supplier the notices of withdrawn items and of archived or expired workspaces, unread count included', async () => {
    const workspaceId = await acmeWorkspace('Acme — short-lived');
    const withdrawnId = await shareAndPublish(workspaceId, 'HW-3');
    const keptId = await shareAndPublish(workspaceId, 'HW-4');
    await noticeOf('item.version_published', `/items/${withdrawnId}`);
    await noticeOf('item.version_published', `/items/${keptId}`);
    const links = async () => (await inbox()).items.map((n) => n.link);
    const unread = async () => (await inbox()).unreadCount;
    const before = await unread();

    await w.asPm.delete(`/api/v1/items/${withdrawnId}`).expect((res) => expect(res.status).toBeLessThan(300));
    expect(await links()).not.toContain(`/items/${withdrawnId}`);
    expect(await links()).toContain(`/items/${keptId}`);
    expect(await unread()).toBe(before - 1);

    await w.asPm.patch(`/api/v1/workspaces/${workspaceId}`).send({ archived: true }).expect(200);
    expect(await links()).not.toContain(`/items/${keptId}`);
    expect(await unread()).toBe(before - 2);
    expect((await inbox(w.asAna, '?unread=true')).items.some((n) => n.workspaceId === workspaceId)).toBe(
      false,
    );

    await w.asPm
      .patch(`/api/v1/workspaces/${workspaceId}`)
      .send({ archived: false, accessExpiresAt: new Date(Date.now() - 60_000).toISOString() })
      .expect(200);
    expect(await links()).not.toContain(`/items/${keptId}`);
    const hidden = await w.t.dataSource.query(
      `SELECT id FROM notification WHERE user_id = $1 AND workspace_id = $2`,
      [w.ana.id, workspaceId],
    );
    await w.asAna.post(`/api/v1/notifications/${hidden[0].id}/read`).expect(404);

    await w.asPm.patch(`/api/v1/workspaces/${workspaceId}`).send({ accessExpiresAt: null }).expect(200);
    expect(await links()).toContain(`/items/${keptId}`);
  });

  describe('what changed since the last visit', () => {
    const changes = async (client: Client = w.asAna) =>
      (await client.get('/api/v1/changes').expect(200)).body as { since: string | null; items: Change[] };

    it('lists new items, defect status changes and drawing reviews across the supplier’s workspaces, the same on a reload', async () => {
      const workspaceId = await acmeWorkspace('Acme — landing');
      const itemId = await shareAndPublish(workspaceId, 'HW-5');
      const defect = await w.asAna
        .post(`/api/v1/workspaces/${workspaceId}/defects`)
        .send({ title: 'Burr on flange', description: 'd', severity: 'minor' })
        .expect(201);
      const key = await jiraKeyOf(w, defect.body.id);
      w.jira.control.transitionIssue(key, 'In Progress');
      await waitFor(
        async () =>
          (await w.asAna.get(`/api/v1/defects/${defect.body.id}`).expect(200)).body.status !== 'Reported',
        20000,
        'the status change',
      );
      const { fileId } = await storeRevision(w, { workspaceId, documentNumber: 'D-880', label: 'B' });
      await w.asPm
        .patch(`/api/v1/files/${fileId}/revisions/1`)
        .send({ reviewState: 'changes_requested', note: 'Chamfer all edges' })
        .expect(200);

      const first = await changes();
      expect(first.since).toBeNull();
      const mine = first.items.filter((c) => c.workspaceId === workspaceId);
      expect(mine).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'new_item', link: `/items/${itemId}` }),
          expect.objectContaining({
            kind: 'defect_status',
            link: `/defects/${defect.body.id}`,
            title: 'Burr on flange',
            status: expect.any(String),
          }),
          expect.objectContaining({
            kind: 'file_review',
            link: `/files/${fileId}`,
            title: 'D-880 rev B',
            status: 'changes_requested',
            note: 'Chamfer all edges',
          }),
        ]),
      );
      // The supplier never sees the internal Jira status name.
      expect(JSON.stringify(first)).not.toContain('In Progress');
      const times = first.items.map((c) => c.at);
      expect([...times].sort().reverse()).toEqual(times);

      const reload = await changes();
      expect(reload.since).toBeNull();
      expect(reload.items.map((c) => c.link)).toEqual(expect.arrayContaining(mine.map((c) => c.link)));

      // Opening the item marks it seen; the rest stays for this visit.
      await w.asAna.get(`/api/v1/items/${itemId}/versions/1`).expect(200);
      const links = (await changes()).items.map((c) => c.link);
      expect(links).not.toContain(`/items/${itemId}`);
      expect(links).toContain(`/defects/${defect.body.id}`);

      const bo = JSON.stringify(await changes(w.asBo));
      for (const secret of [workspaceId, itemId, defect.body.id, fileId, 'Burr on flange', 'D-880'])
        expect(bo).not.toContain(secret);
    });

    it('starts a new visit after a pause: only what happened since the previous visit ended', async () => {
      const workspaceId = await acmeWorkspace('Acme — next visit');
      const old = await storeRevision(w, { workspaceId, documentNumber: 'D-990', label: 'A' });
      await w.asPm
        .patch(`/api/v1/files/${old.fileId}/revisions/1`)
        .send({ reviewState: 'approved' })
        .expect(200);
      await changes();
      // The visit ended 40 minutes ago (beyond the 30-minute gap), after that review.
      await w.t.dataSource.query(
        `UPDATE user_visit SET last_seen_at = now() - interval '40 minutes' WHERE user_id = $1`,
        [w.ana.id],
      );
      await w.t.dataSource.query(
        `UPDATE file_revision SET reviewed_at = now() - interval '50 minutes' WHERE file_id = $1`,
        [old.fileId],
      );
      const next = await changes();
      expect(next.since).not.toBeNull();
      expect(Date.now() - new Date(next.since!).getTime()).toBeGreaterThan(39 * 60_000);
      expect(next.items.map((c) => c.link)).not.toContain(`/files/${old.fileId}`);

      const fresh = await storeRevision(w, { workspaceId, documentNumber: 'D-991', label: 'A' });
      await w.asPm
        .patch(`/api/v1/files/${fresh.fileId}/revisions/1`)
        .send({ reviewState: 'approved' })
        .expect(200);
      const later = await changes();
      expect(later.since).toBe(next.since);
      expect(later.items).toContainEqual(
        expect.objectContaining({ kind: 'file_review', link: `/files/${fresh.fileId}`, status: 'approved' }),
      );
    });

    it('answers 400 naming the limit for a bad one, and needs a signed-in user', async () => {
      const res = await w.asAna.get('/api/v1/changes?limit=0').expect(400);
      expect(JSON.stringify(res.body)).toContain('limit');
      await w.t.http().get('/api/v1/changes').expect(401);
      expect((await changes(w.asAna)).items.length).toBeGreaterThan(0);
    });
  });

  it('renames the older event names in stored rules and notices, keeping the rules’ order', async () => {
    const workspaceId = await acmeWorkspace('Acme — stored rules');
    const rules = [
      { event: 'version.published', channels: ['email'] },
      { event: 'defect.created', channels: ['feishu_chat'] },
      { event: 'file.revision_uploaded', channels: ['in_app'], when: { x: 'y' } },
    ];
    await w.t.dataSource.query(`UPDATE workspace SET notification_rules = $2 WHERE id = $1`, [
      workspaceId,
      JSON.stringify(rules),
    ]);
    await w.t.dataSource.query(
      `INSERT INTO notification (user_id, workspace_id, event, title, body, dedupe_key) VALUES ($1, $2, 'version.published', 't', 'b', 'rename-test')`,
      [w.ana.id, workspaceId],
    );
    const runner = w.t.dataSource.createQueryRunner();
    try {
      await new RenameNotificationEvents1764840000000().up(runner);
    } finally {
      await runner.release();
    }
    const workspace = (await w.asPm.get(`/api/v1/workspaces/${workspaceId}`).expect(200)).body;
    expect(workspace.notificationRules).toEqual([
      { event: 'item.version_published', channels: ['email'] },
      { event: 'defect.created', channels: ['feishu_chat'] },
      { event: 'file.revision_available', channels: ['in_app'], when: { x: 'y' } },
    ]);
    const [notice] = await w.t.dataSource.query(
      `SELECT event FROM notification WHERE dedupe_key = 'rename-test'`,
    );
    expect(notice.event).toBe('item.version_published');
    // The settings take the new names (and jira.status_entered:<status>), and refuse the old ones.
    await w.asPm
      .patch(`/api/v1/workspaces/${workspaceId}`)
      .send({
        notificationRules: [
          { event: 'file.revision_reviewed', channels: ['email', 'in_app'] },
          { event: 'jira.status_entered:In Testing', channels: ['feishu_chat'] },
        ],
      })
      .expect(200);
    const refused = await w.asPm
      .patch(`/api/v1/workspaces/${workspaceId}`)
      .send({ notificationRules: [{ event: 'version.published', channels: ['email'] }] })
      .expect(400);
    expect(JSON.stringify(refused.body)).toContain('notificationRules[0].event');
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

  it('checks a stored robot URL again at delivery: one saved before the egress check was refused is never called', async () => {
    // A robot on another loopback address than the allowed simulator, stored as a row written before
    // saving checked the URL (or by hand) would be.
    const internal = await startDingTalkSimulator({ host: '127.0.0.2' });
    try {
      await w.t.dataSource.query(`UPDATE workspace SET dingtalk_webhook = $1 WHERE id = $2`, [
        internal.control.webhookUrl(DEFAULT_DINGTALK_ROBOT.accessToken),
        w.acmeWorkspaceId,
      ]);
      await w.asPm
        .patch(`/api/v1/workspaces/${w.acmeWorkspaceId}`)
        .send({ notificationRules: [{ event: 'defect.created', channels: ['dingtalk'] }] })
        .expect(200);
      await report('Burr on flange');
      const failed = await waitFor(
        async () =>
          (
            (await w.asPm.get('/api/v1/sync/jobs?state=failed').expect(200)).body.items as Array<{
              queue: string;
              attempts: number;
              lastError: string | null;
            }>
          ).find((job) => job.queue === 'notifications.dingtalk'),
        20000,
        'the refused DingTalk job',
      );
      expect(failed.attempts).toBe(1);
      expect(failed.lastError).toBe('DingTalk robot refused: must point at oapi.dingtalk.com');
      expect(failed.lastError).not.toContain(DEFAULT_DINGTALK_ROBOT.accessToken);
      expect(internal.control.messages(DEFAULT_DINGTALK_ROBOT.accessToken)).toEqual([]);
    } finally {
      await w.t.dataSource.query(`UPDATE workspace SET dingtalk_webhook = $1 WHERE id = $2`, [
        w.dingtalk.control.webhookUrl(DEFAULT_DINGTALK_ROBOT.accessToken),
        w.acmeWorkspaceId,
      ]);
      await internal.stop();
    }
  });
});
