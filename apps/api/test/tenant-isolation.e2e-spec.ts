import { randomUUID } from 'node:crypto';
import { authed } from './support/auth-helpers';
import { Client, createTwoTenantWorld, TenantData, TwoTenantWorld } from './support/two-tenant-world';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface IdRoute {
  method: Method;
  /** The path for one tenant's data (or a made-up id). */
  path: (d: TenantData) => string;
  body?: object;
  /**
   * Routes no supplier may use at all: a 403 from the permission check, taken before any lookup,
   * reveals nothing as long as it is the same answer a made-up id gets.
   */
  staffOnly?: boolean;
}

const v1 = (path: string) => `/api/v1/${path}`;

/** Every v1 route that takes an id of a tenant's thing (from /api/docs-json). */
const ID_ROUTES: IdRoute[] = [
  { method: 'get', path: (d) => v1(`organizations/${d.orgId}`) },
  {
    method: 'patch',
    path: (d) => v1(`organizations/${d.orgId}`),
    body: { name: 'Taken over' },
    staffOnly: true,
  },
  { method: 'get', path: (d) => v1(`organizations/${d.orgId}/users`) },
  { method: 'get', path: (d) => v1(`organizations/${d.orgId}/storage`) },
  {
    method: 'post',
    path: (d) => v1(`organizations/${d.orgId}/invitations`),
    body: { email: 'mole@example.test', role: 'supplier_admin' },
  },
  { method: 'get', path: (d) => v1(`organizations/${d.orgId}/sso`) },
  {
    method: 'put',
    path: (d) => v1(`organizations/${d.orgId}/sso`),
    body: {
      issuer: 'https://login.planted.example',
      clientId: 'planted',
      clientSecret: 'planted-secret-0123456789',
      emailDomains: ['planted.example'],
      createUnknownUsers: true,
      requireSso: true,
    },
  },
  { method: 'delete', path: (d) => v1(`organizations/${d.orgId}/sso`) },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}`) },
  {
    method: 'patch',
    path: (d) => v1(`workspaces/${d.workspaceId}`),
    body: { name: 'Taken over' },
    staffOnly: true,
  },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/sources/jira`), staffOnly: true },
  {
    method: 'get',
    path: (d) => v1(`workspaces/${d.workspaceId}/notification-rules/status`),
    staffOnly: true,
  },
  {
    method: 'post',
    path: (d) => v1(`workspaces/${d.workspaceId}/notification-rules/preview`),
    body: { rule: { event: 'defect.created', channels: ['feishu_chat'], mention: ['owner'] } },
    staffOnly: true,
  },
  {
    method: 'post',
    path: (d) => v1(`workspaces/${d.workspaceId}/notification-rules/test`),
    body: { rule: { event: 'defect.created', channels: ['feishu_chat'] } },
    staffOnly: true,
  },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/sources/feishu`), staffOnly: true },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/sources/jira/fields`), staffOnly: true },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/files`) },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/file-safety-policy`) },
  {
    method: 'put',
    path: (d) => v1(`workspaces/${d.workspaceId}/file-safety-policy`),
    body: { pdfActiveContent: 'mark' },
    staffOnly: true,
  },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/download-policy`) },
  {
    method: 'put',
    path: (d) => v1(`workspaces/${d.workspaceId}/download-policy`),
    body: { drawings: 'original' },
    staffOnly: true,
  },
  {
    method: 'post',
    path: (d) => v1(`workspaces/${d.workspaceId}/files`),
    body: { documentNumber: 'X-1', title: 'Planted' },
  },
  { method: 'get', path: (d) => v1(`files/${d.fileId}`) },
  { method: 'delete', path: (d) => v1(`files/${d.fileId}`) },
  {
    method: 'post',
    path: (d) => v1(`files/${d.fileId}/revisions`),
    body: { fileName: 'planted.pdf', size: 10, sha256: 'a'.repeat(64) },
  },
  { method: 'post', path: (d) => v1(`files/${d.fileId}/revisions/${d.revisionSeq}/parts`), body: {} },
  {
    method: 'post',
    path: (d) => v1(`files/${d.fileId}/revisions/${d.revisionSeq}/complete`),
    body: { parts: [{ partNumber: 1, etag: '"0"' }] },
  },
  { method: 'delete', path: (d) => v1(`files/${d.fileId}/revisions/${d.revisionSeq}/upload`) },
  { method: 'get', path: (d) => v1(`files/${d.fileId}/revisions/${d.revisionSeq}/download`) },
  {
    method: 'patch',
    path: (d) => v1(`files/${d.fileId}/revisions/${d.revisionSeq}`),
    body: { reviewState: 'changes_requested', note: 'Planted' },
    staffOnly: true,
  },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/defects`) },
  {
    method: 'post',
    path: (d) => v1(`workspaces/${d.workspaceId}/defects`),
    body: { title: 'Planted', description: 'Planted', severity: 'minor' },
  },
  { method: 'get', path: (d) => v1(`defects/${d.defectId}`) },
  { method: 'get', path: (d) => v1(`defects/${d.defectId}/comments`) },
  {
    method: 'post',
    path: (d) => v1(`defects/${d.defectId}/comments`),
    body: { body: 'Planted' },
  },
  { method: 'get', path: (d) => v1(`items/${d.itemId}/comments`) },
  { method: 'get', path: (d) => v1(`items/${d.itemId}/attachments/10501`) },
  { method: 'get', path: (d) => v1(`items/${d.itemId}/jira-comments`) },
  { method: 'post', path: (d) => v1(`items/${d.itemId}/jira-comments/10000/publish`) },
  {
    method: 'post',
    path: (d) => v1(`items/${d.itemId}/comments`),
    body: { body: 'Planted' },
  },
  { method: 'post', path: (d) => v1(`notifications/${d.notificationId}/read`) },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/items`) },
  {
    method: 'post',
    path: (d) => v1(`workspaces/${d.workspaceId}/items`),
    body: { sourceType: 'jira_issue', sourceRef: 'HW-4' },
    staffOnly: true,
  },
  { method: 'get', path: (d) => v1(`items/${d.itemId}`) },
  { method: 'get', path: (d) => v1(`items/${d.draftItemId}`) },
  { method: 'patch', path: (d) => v1(`items/${d.itemId}`), body: { fields: ['summary'] }, staffOnly: true },
  { method: 'delete', path: (d) => v1(`items/${d.itemId}`), staffOnly: true },
  { method: 'get', path: (d) => v1(`items/${d.itemId}/preview`), staffOnly: true },
  { method: 'post', path: (d) => v1(`items/${d.itemId}/publish`), body: {}, staffOnly: true },
  { method: 'get', path: (d) => v1(`items/${d.itemId}/versions`) },
  { method: 'get', path: (d) => v1(`items/${d.itemId}/versions/1`) },
  { method: 'get', path: (d) => v1(`items/${d.itemId}/diff?from=1&to=2`) },
  { method: 'get', path: (d) => v1(`items/${d.itemId}/draft`) },
  { method: 'delete', path: (d) => v1(`items/${d.itemId}/draft`) },
  { method: 'post', path: (d) => v1(`items/${d.itemId}/versions/2/acknowledgements`) },
  { method: 'get', path: (d) => v1(`items/${d.itemId}/acknowledgements`), staffOnly: true },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/kingdee-supplier`) },
  {
    method: 'put',
    path: (d) => v1(`workspaces/${d.workspaceId}/kingdee-supplier`),
    body: { supplierNumber: 'VEN00102' },
    staffOnly: true,
  },
  { method: 'post', path: (d) => v1(`workspaces/${d.workspaceId}/purchase-orders/refresh`) },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/purchase-orders`) },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/delivery-schedule`) },
  { method: 'get', path: (d) => v1(`purchase-orders/${d.purchaseOrderId}`) },
  {
    method: 'put',
    path: (d) => v1(`purchase-orders/${d.purchaseOrderId}/items`),
    body: { itemIds: [] },
    staffOnly: true,
  },
  { method: 'get', path: (d) => v1(`items/${d.itemId}/purchase-orders`) },
  {
    method: 'post',
    path: (d) => v1(`purchase-orders/${d.purchaseOrderId}/lines/${d.orderLineId}/confirmations`),
    body: { kind: 'propose', date: '2030-01-01', reason: 'Planted' },
  },
  {
    method: 'post',
    path: (d) => v1(`delivery-confirmations/${d.deliveryConfirmationId}/accept`),
    body: {},
    staffOnly: true,
  },
  {
    method: 'post',
    path: (d) => v1(`delivery-confirmations/${d.deliveryConfirmationId}/reject`),
    body: { note: 'Planted' },
    staffOnly: true,
  },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/transmittals`) },
  {
    method: 'post',
    path: (d) => v1(`workspaces/${d.workspaceId}/transmittals`),
    body: { subject: 'Planted', purpose: 'for_information', contents: [] },
    staffOnly: true,
  },
  { method: 'get', path: (d) => v1(`workspaces/${d.workspaceId}/transmittal-settings`) },
  {
    method: 'put',
    path: (d) => v1(`workspaces/${d.workspaceId}/transmittal-settings`),
    body: { code: 'PLANTED' },
    staffOnly: true,
  },
  { method: 'get', path: (d) => v1(`transmittals/${d.transmittalId}`) },
  {
    method: 'patch',
    path: (d) => v1(`transmittals/${d.transmittalId}`),
    body: { subject: 'Planted' },
    staffOnly: true,
  },
  { method: 'delete', path: (d) => v1(`transmittals/${d.transmittalId}`), staffOnly: true },
  { method: 'post', path: (d) => v1(`transmittals/${d.transmittalId}/issue`), staffOnly: true },
  { method: 'get', path: (d) => v1(`transmittals/${d.transmittalId}/receipts`), staffOnly: true },
  { method: 'post', path: (d) => v1(`transmittals/${d.transmittalId}/acknowledge`) },
  {
    method: 'post',
    path: (d) => v1(`transmittals/${d.transmittalId}/contents/${d.transmittalContentId}/receipts`),
    body: { action: 'downloaded' },
  },
  { method: 'get', path: (d) => v1(`transmittals/${d.transmittalId}/responders`) },
  { method: 'put', path: (d) => v1(`transmittals/${d.transmittalId}/responders`), body: { userIds: [] } },
  {
    method: 'post',
    path: (d) => v1(`transmittals/${d.transmittalId}/response`),
    body: { contents: [{ contentId: '00000000-0000-4000-8000-000000000000', code: 'A' }] },
  },
  { method: 'get', path: (d) => v1(`organizations/${d.orgId}/api-tokens`) },
  {
    method: 'post',
    path: (d) => v1(`organizations/${d.orgId}/api-tokens`),
    body: {
      name: 'Planted',
      scopes: ['items:read'],
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
  },
  { method: 'delete', path: (d) => v1(`organizations/${d.orgId}/api-tokens/${d.apiTokenId}`) },
  { method: 'delete', path: (d) => v1(`me/api-tokens/${d.apiTokenId}`) },
];

/** List routes a supplier admin may call for their own organisation. */
const OWN_LISTS: ((d: TenantData) => string)[] = [
  () => v1('organizations'),
  (d) => v1(`organizations/${d.orgId}/users`),
  (d) => v1(`organizations/${d.orgId}/api-tokens`),
  () => v1('workspaces'),
  (d) => v1(`workspaces/${d.workspaceId}/items`),
  (d) => v1(`workspaces/${d.workspaceId}/items?unseen=true`),
  (d) => v1(`workspaces/${d.workspaceId}/files`),
  (d) => v1(`items/${d.itemId}/versions`),
  () => v1('me'),
  (d) => v1(`workspaces/${d.workspaceId}/defects`),
  () => v1('defects'),
  (d) => v1(`defects?workspaceId=${d.workspaceId}`),
  (d) => v1(`items/${d.itemId}/comments`),
  (d) => v1(`defects/${d.defectId}`),
  (d) => v1(`defects/${d.defectId}/comments`),
  () => v1('notifications'),
  (d) => v1(`workspaces/${d.workspaceId}/purchase-orders?status=all`),
  (d) => v1(`workspaces/${d.workspaceId}/delivery-schedule?weeks=26`),
  () => v1('delivery-confirmations'),
  () => v1('transmittals'),
  (d) => v1(`workspaces/${d.workspaceId}/transmittals`),
];

const send = (client: Client, route: IdRoute, d: TenantData) => {
  const req = client[route.method](route.path(d));
  return route.body ? req.send(route.body) : req;
};

const routeName = (r: IdRoute) => `${r.method.toUpperCase()} ${r.path(PLACEHOLDERS).replace('/api/v1/', '')}`;
const PLACEHOLDERS: TenantData = {
  orgId: ':orgId',
  workspaceId: ':workspaceId',
  itemId: ':itemId',
  draftItemId: ':draftItemId',
  fileId: ':fileId',
  revisionSeq: 1,
  revisionId: ':revisionId',
  defectId: ':defectId',
  publicCommentId: ':commentId',
  internalCommentId: ':commentId',
  notificationId: ':notificationId',
  purchaseOrderId: ':purchaseOrderId',
  orderLineId: ':orderLineId',
  deliveryConfirmationId: ':deliveryConfirmationId',
  apiTokenId: ':apiTokenId',
  apiTokenSecret: ':apiTokenSecret',
  transmittalId: ':transmittalId',
  transmittalContentId: ':contentId',
};

/** Made-up ids for every field: what "does not exist" looks like. */
function nonexistent(): TenantData {
  return {
    ...PLACEHOLDERS,
    orgId: randomUUID(),
    workspaceId: randomUUID(),
    itemId: randomUUID(),
    draftItemId: randomUUID(),
    fileId: randomUUID(),
    revisionId: randomUUID(),
    defectId: randomUUID(),
    notificationId: randomUUID(),
    purchaseOrderId: randomUUID(),
    orderLineId: randomUUID(),
    deliveryConfirmationId: randomUUID(),
    apiTokenId: randomUUID(),
    transmittalId: randomUUID(),
    transmittalContentId: randomUUID(),
  };
}

describe('Tenant isolation across the v1 API', () => {
  let w: TwoTenantWorld;

  beforeAll(async () => {
    w = await createTwoTenantWorld();
  }, 120_000);
  afterAll(() => w?.close());

  /** Acme's rows as they stand, minus columns the sync worker may touch in the background. */
  async function acmeState(): Promise<unknown[]> {
    const { orgId, workspaceId } = w.acme;
    const q = (sql: string, params: unknown[] = [workspaceId]) => w.t.dataSource.query(sql, params);
    return Promise.all([
      q(`SELECT id, name, status FROM organization WHERE id = $1`, [orgId]),
      q(`SELECT id, role, status, display_name, email FROM "user" WHERE org_id = $1 ORDER BY id`, [orgId]),
      q(`SELECT id, email, role FROM invitation WHERE org_id = $1 ORDER BY id`, [orgId]),
      q(
        `SELECT name, archived_at, access_expires_at, redaction_rules, default_fields, updated_at FROM workspace WHERE id = $1`,
      ),
      q(`SELECT id, field_allowlist, redaction_rules, latest_version, draft, withdrawn_at, updated_at
           FROM shared_item WHERE workspace_id = $1 ORDER BY id`),
      q(`SELECT v.id, v.version FROM shared_item_version v JOIN shared_item i ON i.id = v.item_id
          WHERE i.workspace_id = $1 ORDER BY v.id`),
      q(`SELECT a.version_id, a.user_id FROM acknowledgement a JOIN shared_item_version v ON v.id = a.version_id
           JOIN shared_item i ON i.id = v.item_id WHERE i.workspace_id = $1 ORDER BY 1, 2`),
      q(`SELECT id, document_number, title, current_revision FROM file WHERE workspace_id = $1 ORDER BY id`),
      q(`SELECT r.id, r.seq, r.state, r.review_state, r.review_note FROM file_revision r JOIN file f ON f.id = r.file_id
          WHERE f.workspace_id = $1 ORDER BY r.id`),
      q(`SELECT id, title, description, severity FROM defect WHERE workspace_id = $1 ORDER BY id`),
      q(`SELECT id, body, visibility FROM comment WHERE workspace_id = $1 ORDER BY id`),
      // Notices the worker delivers in the background may appear at any time; reading one is the write to catch.
      q(`SELECT id, read_at FROM notification WHERE workspace_id = $1 AND read_at IS NOT NULL ORDER BY id`),
      q(`SELECT supplier_number FROM kingdee_supplier_link WHERE workspace_id = $1`),
      q(`SELECT o.id, l.id AS line, l.delivery_date FROM purchase_order o JOIN purchase_order_line l ON l.order_id = o.id
          WHERE o.workspace_id = $1 ORDER BY 1, 2`),
      q(`SELECT order_id, item_id FROM purchase_order_item_link l JOIN purchase_order o ON o.id = l.order_id
          WHERE o.workspace_id = $1 ORDER BY 1, 2`),
      q(`SELECT id, state, proposed_date FROM delivery_confirmation WHERE workspace_id = $1 ORDER BY id`),
      q(`SELECT id, name, scopes, revoked_at FROM api_token WHERE org_id = $1 ORDER BY id`, [orgId]),
      q(
        `SELECT id, number, subject, status, deleted_at, responded_at FROM transmittal WHERE workspace_id = $1 ORDER BY id`,
      ),
      q(`SELECT c.id, c.title FROM transmittal_content c JOIN transmittal t ON t.id = c.transmittal_id
          WHERE t.workspace_id = $1 ORDER BY c.id`),
      q(
        `SELECT r.* FROM transmittal_receipt r JOIN transmittal t ON t.id = r.transmittal_id WHERE t.workspace_id = $1 ORDER BY 1, 2`,
      ),
      q(`SELECT r.content_id, r.user_id, r.action, r.count FROM transmittal_content_receipt r JOIN transmittal t ON t.id = r.transmittal_id
          WHERE t.workspace_id = $1 ORDER BY 1, 2, 3`),
      q(
        `SELECT r.* FROM transmittal_responder r JOIN transmittal t ON t.id = r.transmittal_id WHERE t.workspace_id = $1 ORDER BY 1, 2`,
      ),
      q(
        `SELECT count(*)::int AS n FROM transmittal_response r JOIN transmittal t ON t.id = r.transmittal_id WHERE t.workspace_id = $1`,
      ),
      q(`SELECT * FROM transmittal_settings WHERE workspace_id = $1`),
      q(`SELECT issuer, email_domains, require_sso FROM organization_sso WHERE org_id = $1`, [orgId]),
    ]);
  }

  describe("a Borealis admin and Acme's ids", () => {
    it.each(ID_ROUTES.filter((r) => !r.staffOnly).map((r) => [routeName(r), r] as const))(
      '%s answers 404, exactly as for an id that does not exist',
      async (_name, route) => {
        const foreign = await send(w.as.borealisAdmin, route, w.acme);
        const madeUp = await send(w.as.borealisAdmin, route, nonexistent());
        expect([foreign.status, foreign.body.status]).toEqual([404, 404]);
        expect(madeUp.status).toBe(404);
        expect(foreign.body.detail).toBe(madeUp.body.detail);
        // `instance` only echoes the path the caller sent.
        const text = JSON.stringify({ ...foreign.body, instance: undefined });
        for (const secret of w.acmeSecrets) expect(text).not.toContain(secret);
      },
    );

    it.each(ID_ROUTES.filter((r) => r.staffOnly).map((r) => [routeName(r), r] as const))(
      '%s (staff only) refuses with the same answer a made-up id gets',
      async (_name, route) => {
        const foreign = await send(w.as.borealisAdmin, route, w.acme);
        const madeUp = await send(w.as.borealisAdmin, route, nonexistent());
        expect([403, 404]).toContain(foreign.status);
        expect([madeUp.status, madeUp.body.detail]).toEqual([foreign.status, foreign.body.detail]);
      },
    );

    it("changes nothing of Acme's when every write route is aimed at Acme's ids", async () => {
      const before = await acmeState();
      const writes = ID_ROUTES.filter((r) => r.method !== 'get');
      const statuses: Record<string, number> = {};
      for (const route of writes)
        statuses[routeName(route)] = (await send(w.as.borealisAdmin, route, w.acme)).status;
      for (const [name, status] of Object.entries(statuses))
        expect([name, [403, 404].includes(status)]).toEqual([name, true]);
      expect(await acmeState()).toEqual(before);
    });

    it.each(
      OWN_LISTS.map((path) => [path(w?.borealis ?? PLACEHOLDERS).replace('/api/v1/', ''), path] as const),
    )('lists of its own (%s) contain no Acme row, name or count', async (_name, path) => {
      const res = await w.as.borealisAdmin.get(path(w.borealis));
      expect(res.status).toBe(200);
      const text = res.type === 'application/json' ? JSON.stringify(res.body) : res.text;
      for (const secret of w.acmeSecrets) expect(text).not.toContain(secret);
    });

    it('its calendar feed lists no Acme item, name or title', async () => {
      const { body } = await w.as.borealisAdmin.post(v1('me/calendar')).expect(201);
      const feed = await w.t.http().get(new URL(body.url).pathname).buffer(true);
      expect(feed.status).toBe(200);
      const text = feed.text ?? String(feed.body);
      for (const secret of w.acmeSecrets) expect(text).not.toContain(secret);
      // An Acme user's feed URL with Borealis' secret is refused like any made-up one.
      const secret = body.url.split('/').pop();
      await w.t.http().get(`/api/calendar/${w.acmeMember.id}/${secret}`).expect(404);
    });

    it('sees only its own organisation and workspace', async () => {
      const orgs = await w.as.borealisAdmin.get(v1('organizations')).expect(200);
      expect(orgs.body.items.map((o: { id: string }) => o.id)).toEqual([w.borealis.orgId]);
      const workspaces = await w.as.borealisAdmin.get(v1('workspaces')).expect(200);
      expect(workspaces.body.items.map((ws: { id: string }) => ws.id)).toEqual([w.borealis.workspaceId]);
    });

    it('lists only its own defects across workspaces, and none when it names Acme’s workspace', async () => {
      const all = await w.as.borealisAdmin.get(v1('defects')).expect(200);
      expect(all.body.items.map((d: { id: string }) => d.id)).toEqual([w.borealis.defectId]);
      const foreign = await w.as.borealisAdmin
        .get(v1(`defects?workspaceId=${w.acme.workspaceId}`))
        .expect(200);
      const madeUp = await w.as.borealisAdmin.get(v1(`defects?workspaceId=${randomUUID()}`)).expect(200);
      expect(foreign.body).toEqual({ items: [], nextCursor: null });
      expect(madeUp.body).toEqual(foreign.body);
    });

    it('sees and marks read only its own notifications', async () => {
      const notifications = await w.as.borealisAdmin.get(v1('notifications')).expect(200);
      const ids = notifications.body.items.map((n: { id: string }) => n.id);
      expect(ids).toContain(w.borealis.notificationId);
      expect(ids).not.toContain(w.acme.notificationId);
      await w.as.borealisAdmin
        .post(v1('notifications/read-all'))
        .expect((res) => expect(res.status).toBeLessThan(300));
      const [{ read_at }] = await w.t.dataSource.query(`SELECT read_at FROM notification WHERE id = $1`, [
        w.acme.notificationId,
      ]);
      expect(read_at).toBeNull();
    });

    it("cannot link its own file to Acme's item", async () => {
      const file = await w.as.borealisAdmin
        .post(v1(`workspaces/${w.borealis.workspaceId}/files`))
        .send({ documentNumber: 'B-X', title: 'Cross link', linkedItemId: w.acme.itemId });
      expect([404, 422]).toContain(file.status);
      const [{ count }] = await w.t.dataSource.query(
        `SELECT count(*)::int AS count FROM file WHERE linked_item_id = $1`,
        [w.acme.itemId],
      );
      expect(count).toBe(0);
    });

    it("cannot point its own defect at Acme's item or revision", async () => {
      const defect = await w.as.borealisAdmin.post(v1(`workspaces/${w.borealis.workspaceId}/defects`)).send({
        title: 'Cross link',
        description: 'x',
        severity: 'minor',
        itemId: w.acme.itemId,
        fileRevisionId: w.acme.revisionId,
      });
      expect([404, 422]).toContain(defect.status);
      const attachment = await w.as.borealisAdmin
        .post(v1(`workspaces/${w.borealis.workspaceId}/defects`))
        .send({
          title: 'Cross attach',
          description: 'x',
          severity: 'minor',
          attachmentRevisionIds: [w.acme.revisionId],
        });
      expect([404, 422]).toContain(attachment.status);
      const [{ count }] = await w.t.dataSource.query(
        `SELECT count(*)::int AS count FROM defect WHERE item_id = $1 OR file_revision_id = $2 OR $2 = ANY(attachment_revision_ids)`,
        [w.acme.itemId, w.acme.revisionId],
      );
      expect(count).toBe(1); // Acme's own defect about its item
    });
  });

  describe("a Borealis API token (every scope) and Acme's ids", () => {
    const borealisToken = () => authed(w.t, w.borealis.apiTokenSecret);

    it.each(ID_ROUTES.map((r) => [routeName(r), r] as const))(
      '%s answers exactly as for an id that does not exist (403 or 404)',
      async (_name, route) => {
        const foreign = await send(borealisToken(), route, w.acme);
        const madeUp = await send(borealisToken(), route, nonexistent());
        expect([403, 404]).toContain(foreign.status);
        expect([madeUp.status, madeUp.body.detail]).toEqual([foreign.status, foreign.body.detail]);
        const text = JSON.stringify({ ...foreign.body, instance: undefined });
        for (const secret of w.acmeSecrets) expect(text).not.toContain(secret);
      },
    );

    it("changes nothing of Acme's when every write route is aimed at Acme's ids", async () => {
      const before = await acmeState();
      for (const route of ID_ROUTES.filter((r) => r.method !== 'get'))
        expect([403, 404]).toContain((await send(borealisToken(), route, w.acme)).status);
      expect(await acmeState()).toEqual(before);
    });

    it('lists only its own workspaces and defects', async () => {
      const res = await borealisToken().get(v1('defects')).expect(200);
      expect(res.body.items.map((d: { id: string }) => d.id)).toEqual([w.borealis.defectId]);
      const items = await borealisToken().get(v1('workspaces')).expect(200);
      expect(items.body.items.map((ws: { id: string }) => ws.id)).toEqual([w.borealis.workspaceId]);
    });
  });

  describe('what a supplier never sees of its own workspace', () => {
    it('never shows internal comments on items or defects', async () => {
      for (const client of [w.as.acmeMember, w.as.acmeAdmin]) {
        const item = await client.get(v1(`items/${w.acme.itemId}/comments`)).expect(200);
        const ids = item.body.items.map((c: { id: string }) => c.id);
        expect(ids).toContain(w.acme.publicCommentId);
        expect(ids).not.toContain(w.acme.internalCommentId);
        const defect = await client.get(v1(`defects/${w.acme.defectId}/comments`)).expect(200);
        expect(JSON.stringify(defect.body)).not.toContain('internal defect note');
        expect(JSON.stringify(defect.body)).toContain('Acme defect follow-up');
        expect(JSON.stringify(item.body)).not.toContain('internal remark');
      }
      const staff = await w.as.pm.get(v1(`items/${w.acme.itemId}/comments`)).expect(200);
      expect(staff.body.items.map((c: { id: string }) => c.id)).toContain(w.acme.internalCommentId);
    });

    it('never shows drafts, unpublished items, source refs or redaction rules', async () => {
      await w.as.acmeMember.get(v1(`items/${w.acme.itemId}/draft`)).expect(404);
      await w.as.acmeMember.delete(v1(`items/${w.acme.itemId}/draft`)).expect(404);
      await w.as.acmeMember.get(v1(`items/${w.acme.draftItemId}`)).expect(404);
      await w.as.acmeMember.get(v1(`items/${w.acme.draftItemId}/versions`)).expect(404);
      const bodies = await Promise.all(
        [
          `items/${w.acme.itemId}`,
          `items/${w.acme.itemId}/versions`,
          `items/${w.acme.itemId}/versions/2`,
          `items/${w.acme.itemId}/diff?from=1&to=2`,
          `workspaces/${w.acme.workspaceId}/items`,
          `workspaces/${w.acme.workspaceId}`,
          `defects/${w.acme.defectId}`,
          `items/${w.acme.itemId}/comments`,
        ].map(async (path) => {
          const res = await w.as.acmeMember.get(v1(path));
          expect([path, res.status]).toEqual([path, 200]);
          return JSON.stringify(res.body);
        }),
      );
      const list = JSON.parse(bodies[4]);
      expect(list.items.map((i: { id: string }) => i.id)).toEqual([w.acme.itemId]);
      for (const text of bodies)
        for (const hidden of [
          'HW-1',
          'HW-2',
          'sourceRef',
          'redactionRules',
          'secret-4-',
          'draft',
          w.acme.draftItemId,
          w.jira.url,
        ])
          expect(text).not.toContain(hidden);
      // The pending draft widened the fields; the supplier still reads version 2.
      const item = JSON.parse(bodies[0]);
      expect(item.latestVersion).toBe(2);
      expect(item.snapshot.fields.map((f: { name: string }) => f.name)).not.toContain('description');
    });
  });

  it('cannot link a file to an item of its own workspace that was never published', async () => {
    const before = await acmeState();
    const file = await w.as.acmeMember
      .post(v1(`workspaces/${w.acme.workspaceId}/files`))
      .send({ documentNumber: 'A-HIDDEN', title: 'Linked to hidden', linkedItemId: w.acme.draftItemId });
    expect([404, 422]).toContain(file.status);
    expect(await acmeState()).toEqual(before);
  });

  it('cannot read, comment on or report against an item of its own workspace that was never published', async () => {
    const before = await acmeState();
    await w.as.acmeMember.get(v1(`items/${w.acme.draftItemId}/comments`)).expect(404);
    await w.as.acmeMember
      .post(v1(`items/${w.acme.draftItemId}/comments`))
      .send({ body: 'Seen it' })
      .expect(404);
    const defect = await w.as.acmeMember.post(v1(`workspaces/${w.acme.workspaceId}/defects`)).send({
      title: 'About the hidden item',
      description: 'x',
      severity: 'minor',
      itemId: w.acme.draftItemId,
    });
    expect([404, 422]).toContain(defect.status);
    expect(await acmeState()).toEqual(before);
  });

  describe('a supplier member and staff-only routes', () => {
    const own = (d: TenantData) => d;
    const STAFF_ROUTES: IdRoute[] = [
      { method: 'post', path: () => v1('organizations'), body: { name: 'Shadow org' } },
      { method: 'patch', path: (d) => v1(`organizations/${d.orgId}`), body: { name: 'Renamed' } },
      {
        method: 'post',
        path: (d) => v1(`organizations/${d.orgId}/invitations`),
        body: { email: 'x@example.test', role: 'supplier_member' },
      },
      { method: 'post', path: () => v1('workspaces'), body: { name: 'Shadow', supplierOrgId: randomUUID() } },
      ...ID_ROUTES.filter((r) => r.staffOnly && !r.path(PLACEHOLDERS).includes('organizations')),
      { method: 'get', path: () => v1('sync/jobs') },
      { method: 'get', path: () => v1('sync/status') },
      { method: 'post', path: () => v1(`sync/jobs/${randomUUID()}/retry`) },
      { method: 'get', path: () => v1('connectors/status') },
      { method: 'get', path: () => v1('audit-events') },
      { method: 'get', path: () => v1('audit-events/export.csv') },
      { method: 'get', path: () => v1('console/summary') },
    ];

    it.each(STAFF_ROUTES.map((r) => [routeName(r), r] as const))(
      '%s is refused with 403 or 404',
      async (_name, route) => {
        const res = await send(w.as.acmeMember, route, own(w.acme));
        expect([403, 404]).toContain(res.status);
      },
    );

    it('changes nothing when a member tries every staff-only write on its own workspace', async () => {
      const before = await acmeState();
      for (const route of STAFF_ROUTES.filter((r) => r.method !== 'get'))
        await send(w.as.acmeMember, route, w.acme);
      expect(await acmeState()).toEqual(before);
    });

    it("cannot change a colleague's account", async () => {
      const res = await w.as.acmeMember.patch(v1(`users/${w.acmeAdmin.id}`)).send({ status: 'disabled' });
      expect([403, 404]).toContain(res.status);
      const [{ status }] = await w.t.dataSource.query(`SELECT status FROM "user" WHERE id = $1`, [
        w.acmeAdmin.id,
      ]);
      expect(status).toBe('active');
    });
  });

  it("a Borealis admin cannot disable or re-role Acme's users", async () => {
    for (const body of [{ status: 'disabled' }, { role: 'supplier_admin' }]) {
      await w.as.borealisAdmin
        .patch(v1(`users/${w.acmeMember.id}`))
        .send(body)
        .expect(404);
    }
    const [row] = await w.t.dataSource.query(`SELECT status, role FROM "user" WHERE id = $1`, [
      w.acmeMember.id,
    ]);
    expect(row).toEqual({ status: 'active', role: 'supplier_member' });
  });

  describe('cutting access', () => {
    const reads = () => [
      v1(`workspaces/${w.acme.workspaceId}`),
      v1(`items/${w.acme.itemId}`),
      v1(`files/${w.acme.fileId}/revisions/${w.acme.revisionSeq}/download`),
      v1(`defects/${w.acme.defectId}/comments`),
    ];

    it("ends a disabled member's live session at once, and only in its own organisation", async () => {
      await w.as.acmeAdmin
        .patch(v1(`users/${w.acmeMember.id}`))
        .send({ status: 'disabled' })
        .expect(200);
      for (const path of reads()) {
        const res = await w.as.acmeMember.get(path);
        expect([path, res.status]).toEqual([path, 401]);
      }
      await w.as.acmeAdmin.get(v1(`workspaces/${w.acme.workspaceId}`)).expect(200);
      await w.as.acmeAdmin
        .patch(v1(`users/${w.acmeMember.id}`))
        .send({ status: 'active' })
        .expect(200);
    });

    it("ends every live session of a disabled organisation at once, and nobody else's", async () => {
      await w.as.pm
        .patch(v1(`organizations/${w.acme.orgId}`))
        .send({ status: 'disabled' })
        .expect(200);
      for (const client of [w.as.acmeAdmin, w.as.acmeMember])
        for (const path of reads()) {
          const res = await client.get(path);
          expect([path, res.status]).toEqual([path, 401]);
        }
      await w.as.borealisAdmin.get(v1(`workspaces/${w.borealis.workspaceId}`)).expect(200);
    });
  });
});
