import { createHash } from 'node:crypto';
import { FeishuSimulator, startFeishuSimulator } from '@portico/connectors/feishu/testing/feishu-simulator';
import { JiraSimulator, startJiraSimulator } from '@portico/connectors/jira/testing';
import {
  DEFAULT_KINGDEE_ACCT_ID,
  DEFAULT_KINGDEE_APP,
  KingdeeSimulator,
  startKingdeeSimulator,
} from '@portico/connectors/kingdee/testing';
import { authed, loginAs } from './auth-helpers';
import { createOrg, createUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';

export type Client = ReturnType<typeof authed>;

const JIRA = { email: 'bot@example.test', apiToken: 'jira-token', webhookSecret: 'jira-webhook-secret' };
const FEISHU = { appId: 'cli_isolation', appSecret: 'feishu-secret', verificationToken: 'vt' };
const FOLDER = 'fldcnPorticoSupplierShare01';

/** Everything one supplier organisation owns, as ids and the strings that must never leak. */
export interface TenantData {
  orgId: string;
  workspaceId: string;
  /** Published twice (versions 1 and 2), with a pending draft, a redaction rule and comments. */
  itemId: string;
  /** Shared but never published: suppliers must not know it exists. */
  draftItemId: string;
  fileId: string;
  /** Revision 1 of fileId, available. */
  revisionSeq: number;
  revisionId: string;
  defectId: string;
  publicCommentId: string;
  internalCommentId: string;
  notificationId: string;
  /** A Kingdee purchase order of the tenant's supplier number, its first line, and an answer to it. */
  purchaseOrderId: string;
  orderLineId: string;
  deliveryConfirmationId: string;
  /** An organisation API token with every scope, made by the tenant's supplier admin, and its secret. */
  apiTokenId: string;
  apiTokenSecret: string;
  /** An issued transmittal (for review) of the drawing revision, and its content row. */
  transmittalId: string;
  transmittalContentId: string;
}

/**
 * Two mutually untrusted suppliers served by one PM: Acme (admin + member) and Borealis (admin),
 * each with a workspace holding at least one of every resource, built through the real API
 * against the Jira and Feishu simulators.
 */
export interface TwoTenantWorld {
  t: TestApp;
  jira: JiraSimulator;
  feishu: FeishuSimulator;
  kingdee: KingdeeSimulator;
  pm: TestUser;
  acmeAdmin: TestUser;
  acmeMember: TestUser;
  borealisAdmin: TestUser;
  as: { pm: Client; acmeAdmin: Client; acmeMember: Client; borealisAdmin: Client };
  acme: TenantData;
  borealis: TenantData;
  /** Strings of Acme's (names, titles, comment bodies, source refs, redaction patterns) no Borealis response may contain. */
  acmeSecrets: string[];
  close(): Promise<void>;
}

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');

function expectStatus(res: { status: number; body: unknown }, status: number, what: string): void {
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
}

export async function createTwoTenantWorld(): Promise<TwoTenantWorld> {
  const jira = await startJiraSimulator(JIRA);
  const feishu = await startFeishuSimulator(FEISHU);
  const kingdee = await startKingdeeSimulator();
  const t = await createTestApp({
    KINGDEE_BASE_URL: kingdee.url,
    KINGDEE_ACCT_ID: DEFAULT_KINGDEE_ACCT_ID,
    KINGDEE_USERNAME: DEFAULT_KINGDEE_APP.username,
    KINGDEE_APP_ID: DEFAULT_KINGDEE_APP.appId,
    KINGDEE_APP_SECRET: DEFAULT_KINGDEE_APP.appSecret,
    LOG_LEVEL: 'error',
    JIRA_BASE_URL: jira.url,
    JIRA_EMAIL: JIRA.email,
    JIRA_API_TOKEN: JIRA.apiToken,
    JIRA_WEBHOOK_SECRET: JIRA.webhookSecret,
    FEISHU_BASE_URL: feishu.url,
    FEISHU_APP_ID: FEISHU.appId,
    FEISHU_APP_SECRET: FEISHU.appSecret,
    FEISHU_VERIFICATION_TOKEN: FEISHU.verificationToken,
  });
  const internal = await createOrg(t, { kind: 'internal', name: 'Portico Internal' });
  const acmeOrg = await createOrg(t, { kind: 'supplier', name: 'Acme Precision Parts' });
  const borealisOrg = await createOrg(t, { kind: 'supplier', name: 'Borealis Components' });
  const pm = await createUser(t, { org: internal, role: 'pm', displayName: 'Pat PM' });
  const acmeAdmin = await createUser(t, {
    org: acmeOrg,
    role: 'supplier_admin',
    displayName: 'Alma Acme-Admin',
  });
  const acmeMember = await createUser(t, {
    org: acmeOrg,
    role: 'supplier_member',
    displayName: 'Ana Acme-Member',
  });
  const borealisAdmin = await createUser(t, {
    org: borealisOrg,
    role: 'supplier_admin',
    displayName: 'Bo Borealis-Admin',
  });
  const client = async (u: TestUser) => authed(t, await loginAs(t, u));
  const as = {
    pm: await client(pm),
    acmeAdmin: await client(acmeAdmin),
    acmeMember: await client(acmeMember),
    borealisAdmin: await client(borealisAdmin),
  };

  async function tenant(
    orgId: string,
    name: string,
    issue: string,
    draftIssue: string,
    supplier: Client,
    supplierUser: TestUser,
    supplierNumber: string,
  ): Promise<Omit<TenantData, 'apiTokenId' | 'apiTokenSecret' | 'transmittalId' | 'transmittalContentId'>> {
    const ws = await as.pm
      .post('/api/v1/workspaces')
      .send({ name, supplierOrgId: orgId, jiraProjectKey: 'HW', feishuFolderToken: FOLDER });
    expectStatus(ws, 201, `workspace ${name}`);
    const workspaceId: string = ws.body.id;

    const shared = await as.pm
      .post(`/api/v1/workspaces/${workspaceId}/items`)
      .send({ sourceType: 'jira_issue', sourceRef: issue, fields: ['summary', 'status'] });
    expectStatus(shared, 201, `share ${issue}`);
    const itemId: string = shared.body.id;
    expectStatus(
      await as.pm.post(`/api/v1/items/${itemId}/publish`).send({ note: `${name} v1` }),
      201,
      'publish v1',
    );
    expectStatus(
      await as.pm.patch(`/api/v1/items/${itemId}`).send({ fields: ['summary', 'status', 'dueDate'] }),
      200,
      'widen fields',
    );
    expectStatus(
      await as.pm.post(`/api/v1/items/${itemId}/publish`).send({ note: `${name} v2` }),
      201,
      'publish v2',
    );
    // Leaves a pending draft behind, and a redaction rule suppliers must never learn about.
    const redacted = await as.pm.patch(`/api/v1/items/${itemId}`).send({
      fields: ['summary', 'status', 'dueDate', 'description'],
      redactionRules: [{ pattern: `secret-${name.length}-[0-9]+` }],
    });
    expectStatus(redacted, 200, 'redaction rule');

    const unpublished = await as.pm
      .post(`/api/v1/workspaces/${workspaceId}/items`)
      .send({ sourceType: 'jira_issue', sourceRef: draftIssue, fields: ['summary'] });
    expectStatus(unpublished, 201, `share ${draftIssue}`);

    const file = await supplier
      .post(`/api/v1/workspaces/${workspaceId}/files`)
      .send({ documentNumber: `${name}-D-1`, title: `${name} bracket drawing` });
    expectStatus(file, 201, 'file');
    const fileId: string = file.body.id;
    const body = Buffer.from(`%PDF-1.7\n% ${name} drawing\n`);
    const started = await supplier
      .post(`/api/v1/files/${fileId}/revisions`)
      .send({ fileName: 'bracket.pdf', size: body.length, sha256: sha256(body) });
    expectStatus(started, 201, 'start revision');
    const parts: { partNumber: number; etag: string }[] = [];
    for (const part of started.body.upload.parts as { partNumber: number; url: string }[]) {
      const put = await fetch(part.url, { method: 'PUT', body });
      parts.push({ partNumber: part.partNumber, etag: put.headers.get('etag')! });
    }
    const revisionSeq: number = started.body.revision.seq;
    const completed = await supplier
      .post(`/api/v1/files/${fileId}/revisions/${revisionSeq}/complete`)
      .send({ parts });
    expectStatus(completed, 200, 'complete revision');

    const feedback = { defectId: '', publicCommentId: '', internalCommentId: '', notificationId: '' };
    const defect = await supplier.post(`/api/v1/workspaces/${workspaceId}/defects`).send({
      title: `${name} burr on edge`,
      description: `${name} defect description`,
      severity: 'major',
      itemId,
    });
    expectStatus(defect, 201, 'defect');
    feedback.defectId = defect.body.id;
    const publicComment = await supplier
      .post(`/api/v1/items/${itemId}/comments`)
      .send({ body: `${name} public question` });
    expectStatus(publicComment, 201, 'public comment');
    feedback.publicCommentId = publicComment.body.id;
    const internalComment = await as.pm
      .post(`/api/v1/items/${itemId}/comments`)
      .send({ body: `${name} internal remark`, visibility: 'internal' });
    expectStatus(internalComment, 201, 'internal comment');
    feedback.internalCommentId = internalComment.body.id;
    expectStatus(
      await as.pm
        .post(`/api/v1/defects/${defect.body.id}/comments`)
        .send({ body: `${name} internal defect note`, visibility: 'internal' }),
      201,
      'internal defect comment',
    );
    expectStatus(
      await supplier
        .post(`/api/v1/defects/${defect.body.id}/comments`)
        .send({ body: `${name} defect follow-up` }),
      201,
      'defect comment',
    );
    // In-app notices are written by the notification worker; the row it would leave is enough here.
    const [notice] = await t.dataSource.query(
      `INSERT INTO notification (user_id, workspace_id, item_id, event, title, body, link, dedupe_key)
       VALUES ($1, $2, $3, 'item.version_published', $4, $5, $6, $7) RETURNING id`,
      [
        supplierUser.id,
        workspaceId,
        itemId,
        `${name} has a new version`,
        `${name} notice body`,
        `/items/${itemId}`,
        `isolation-${itemId}`,
      ],
    );
    feedback.notificationId = notice.id;
    expectStatus(
      await as.pm.put(`/api/v1/workspaces/${workspaceId}/kingdee-supplier`).send({ supplierNumber }),
      200,
      'link Kingdee supplier',
    );
    const orders = await supplier.get(`/api/v1/workspaces/${workspaceId}/purchase-orders`);
    expectStatus(orders, 200, 'purchase orders');
    const purchaseOrderId: string = orders.body.items[0].id;
    const order = await supplier.get(`/api/v1/purchase-orders/${purchaseOrderId}`);
    const orderLineId: string = order.body.lines[0].id;
    const confirmation = await supplier
      .post(`/api/v1/purchase-orders/${purchaseOrderId}/lines/${orderLineId}/confirmations`)
      .send({ kind: 'confirm' });
    expectStatus(confirmation, 201, 'delivery confirmation');
    const [revision] = await t.dataSource.query(
      `SELECT id FROM file_revision WHERE file_id = $1 AND seq = $2`,
      [fileId, revisionSeq],
    );
    return {
      orgId,
      workspaceId,
      itemId,
      draftItemId: unpublished.body.id,
      fileId,
      revisionSeq,
      revisionId: revision.id,
      ...feedback,
      purchaseOrderId,
      orderLineId,
      deliveryConfirmationId: confirmation.body.id,
    };
  }

  async function apiToken(admin: Client, orgId: string) {
    const res = await admin.post(`/api/v1/organizations/${orgId}/api-tokens`).send({
      name: 'Isolation integration',
      scopes: ['items:read', 'files:read', 'files:write', 'defects:read', 'defects:write', 'comments:write'],
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expectStatus(res, 201, 'API token');
    return { apiTokenId: res.body.id as string, apiTokenSecret: res.body.secret as string };
  }

  /** Only the drawing revision: no Jira issue, so no flow back touches the simulator's comments. */
  async function transmittal(d: Pick<TenantData, 'workspaceId' | 'fileId' | 'revisionSeq'>, name: string) {
    const created = await as.pm.post(`/api/v1/workspaces/${d.workspaceId}/transmittals`).send({
      subject: `${name} bracket package`,
      purpose: 'for_review',
      dueDate: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
      contents: [{ fileId: d.fileId, revisionSeq: d.revisionSeq }],
    });
    expectStatus(created, 201, 'transmittal');
    expectStatus(await as.pm.post(`/api/v1/transmittals/${created.body.id}/issue`), 200, 'issue transmittal');
    return {
      transmittalId: created.body.id as string,
      transmittalContentId: created.body.contents[0].id as string,
    };
  }

  const acmeBase = await tenant(acmeOrg.id, 'Acme', 'HW-1', 'HW-2', as.acmeMember, acmeMember, 'VEN00101');
  const acme: TenantData = {
    ...acmeBase,
    ...(await apiToken(as.acmeAdmin, acmeOrg.id)),
    ...(await transmittal(acmeBase, 'Acme')),
  };
  const borealisBase = await tenant(
    borealisOrg.id,
    'Borealis',
    'HW-3',
    'HW-5',
    as.borealisAdmin,
    borealisAdmin,
    'VEN00102',
  );
  const borealis: TenantData = {
    ...borealisBase,
    ...(await apiToken(as.borealisAdmin, borealisOrg.id)),
    ...(await transmittal(borealisBase, 'Borealis')),
  };
  const acmeSecrets = [
    ...Object.entries(acme).flatMap(([key, value]) => (key === 'revisionSeq' ? [] : [String(value)])),
    acmeOrg.name,
    acmeAdmin.email,
    acmeMember.email,
    acmeAdmin.displayName,
    acmeMember.displayName,
    'Acme bracket drawing',
    'Acme burr on edge',
    'Acme public question',
    'Acme bracket package',
    'Acme internal remark',
    'Acme has a new version',
    // Acme's purchase orders and materials (Kingdee simulator seed).
    'CGDD000118',
    'Mounting bracket',
  ];
  return {
    t,
    jira,
    feishu,
    kingdee,
    pm,
    acmeAdmin,
    acmeMember,
    borealisAdmin,
    as,
    acme,
    borealis,
    acmeSecrets,
    async close() {
      await t.close();
      await Promise.all([jira.stop(), feishu.stop(), kingdee.stop()]);
    },
  };
}
