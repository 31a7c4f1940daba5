import { randomUUID } from 'node:crypto';
import { Client, createTwoTenantWorld, TwoTenantWorld } from './support/two-tenant-world';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Who = 'pm' | 'acmeAdmin' | 'acmeMember' | 'anonymous';

interface RouteCase {
  /** Who may call the route at all, so the request reaches validation rather than the permission check. */
  as: Who;
  /** Path parameters of a real, reachable record. */
  params: (w: TwoTenantWorld) => Record<string, string>;
  /** A body the route accepts. */
  body?: Record<string, unknown>;
}

const own = (w: TwoTenantWorld) => ({
  id: w.acme.workspaceId,
});

/** One entry per operation of /api/docs-json that takes a body or a path parameter (the spec checks it is complete). */
const ROUTES: Record<string, RouteCase> = {
  'POST /api/v1/organizations': { as: 'pm', params: () => ({}), body: { name: 'Nordic Tooling' } },
  'PATCH /api/v1/organizations/{id}': {
    as: 'pm',
    params: (w) => ({ id: w.acme.orgId }),
    body: { name: 'Acme Renamed' },
  },
  'GET /api/v1/organizations/{id}': { as: 'pm', params: (w) => ({ id: w.acme.orgId }) },
  'GET /api/v1/organizations/{id}/users': { as: 'pm', params: (w) => ({ id: w.acme.orgId }) },
  'GET /api/v1/organizations/{id}/storage': { as: 'pm', params: (w) => ({ id: w.acme.orgId }) },
  'POST /api/v1/organizations/{id}/invitations': {
    as: 'pm',
    params: (w) => ({ id: w.acme.orgId }),
    body: { email: 'new.admin@example.test', role: 'supplier_admin' },
  },
  'GET /api/v1/organizations/{id}/api-tokens': { as: 'acmeAdmin', params: (w) => ({ id: w.acme.orgId }) },
  'POST /api/v1/organizations/{id}/api-tokens': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.orgId }),
    body: {
      name: 'Tracker',
      scopes: ['items:read'],
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
  },
  'DELETE /api/v1/organizations/{id}/api-tokens/{tokenId}': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.orgId, tokenId: w.acme.apiTokenId }),
  },
  'GET /api/v1/organizations/{id}/webhook-endpoints': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.orgId }),
  },
  'POST /api/v1/organizations/{id}/webhook-endpoints': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.orgId }),
    body: {
      url: 'https://93.184.216.34/hook',
      events: ['item.shared'],
      description: 'Tracker',
      enabled: false,
    },
  },
  'GET /api/v1/organizations/{id}/webhook-endpoints/{endpointId}': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.orgId, endpointId: w.acme.webhookEndpointId }),
  },
  'PATCH /api/v1/organizations/{id}/webhook-endpoints/{endpointId}': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.orgId, endpointId: w.acme.webhookEndpointId }),
    body: { url: 'https://93.184.216.34/hook', events: ['item.shared'], description: 'x', enabled: false },
  },
  'DELETE /api/v1/organizations/{id}/webhook-endpoints/{endpointId}': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.orgId, endpointId: randomUUID() }),
  },
  'POST /api/v1/organizations/{id}/webhook-endpoints/{endpointId}/rotate-secret': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.orgId, endpointId: randomUUID() }),
  },
  'GET /api/v1/organizations/{id}/webhook-endpoints/{endpointId}/deliveries': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.orgId, endpointId: w.acme.webhookEndpointId }),
  },
  'POST /api/v1/organizations/{id}/webhook-endpoints/{endpointId}/test': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.orgId, endpointId: randomUUID() }),
  },
  'POST /api/v1/organizations/{id}/webhook-endpoints/deliveries/{deliveryId}/redeliver': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.orgId, deliveryId: randomUUID() }),
  },
  'GET /api/calendar/{userId}/{file}': {
    as: 'anonymous',
    params: (w) => ({ userId: w.acmeMember.id, file: `${'A'.repeat(43)}.ics` }),
  },
  'POST /api/v1/me/api-tokens': {
    as: 'pm',
    params: () => ({}),
    body: {
      name: 'Script',
      scopes: ['items:read'],
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
  },
  'DELETE /api/v1/me/api-tokens/{id}': { as: 'pm', params: () => ({ id: randomUUID() }) },
  'PATCH /api/v1/me': { as: 'acmeMember', params: () => ({}), body: { displayName: 'Ana', locale: 'en' } },
  'POST /api/v1/me/password': {
    as: 'acmeMember',
    params: () => ({}),
    body: { currentPassword: 'wrong password here', newPassword: 'another long passphrase 2026' },
  },
  'PATCH /api/v1/users/{id}': {
    as: 'pm',
    params: (w) => ({ id: w.acmeMember.id }),
    body: { status: 'active' },
  },
  'GET /api/v1/organizations/{id}/sso': { as: 'pm', params: (w) => ({ id: w.acme.orgId }) },
  'PUT /api/v1/organizations/{id}/sso': {
    as: 'pm',
    params: (w) => ({ id: w.acme.orgId }),
    body: {
      issuer: 'https://login.acme.example/realms/acme',
      clientId: 'portico',
      clientSecret: 'client-secret-0123456789',
      emailDomains: ['acme.example'],
      createUnknownUsers: false,
      requireSso: false,
    },
  },
  'DELETE /api/v1/organizations/{id}/sso': { as: 'pm', params: (w) => ({ id: w.acme.orgId }) },
  'POST /api/v1/auth/sso/discover': {
    as: 'anonymous',
    params: () => ({}),
    body: { email: 'nobody@example.test' },
  },
  'POST /api/v1/auth/login': {
    as: 'anonymous',
    params: () => ({}),
    body: { email: 'nobody@example.test', password: 'x' },
  },
  'POST /api/v1/auth/invitations/{token}/accept': {
    as: 'anonymous',
    params: () => ({ token: 'not-a-real-token' }),
    body: { password: 'a long enough passphrase 2026', displayName: 'New' },
  },
  'POST /api/v1/auth/password-reset': {
    as: 'anonymous',
    params: () => ({}),
    body: { email: 'nobody@example.test' },
  },
  'POST /api/v1/auth/password-reset/{token}': {
    as: 'anonymous',
    params: () => ({ token: 'not-a-real-token' }),
    body: { password: 'a long enough passphrase 2026' },
  },
  'DELETE /api/v1/me/mfa': { as: 'acmeMember', params: () => ({}), body: { code: '123456' } },
  'POST /api/v1/me/mfa/confirm': { as: 'acmeMember', params: () => ({}), body: { code: '123456' } },
  'POST /api/v1/workspaces': {
    as: 'pm',
    params: () => ({}),
    body: { name: 'Another', supplierOrgId: randomUUID() },
  },
  'GET /api/v1/workspaces/{id}': { as: 'pm', params: own },
  'PATCH /api/v1/workspaces/{id}': { as: 'pm', params: own, body: { name: 'Acme renamed' } },
  'GET /api/v1/workspaces/{id}/files': { as: 'pm', params: own },
  'GET /api/v1/workspaces/{id}/kingdee-supplier': { as: 'pm', params: own },
  'PUT /api/v1/workspaces/{id}/kingdee-supplier': {
    as: 'pm',
    params: own,
    body: { supplierNumber: 'VEN00101' },
  },
  'POST /api/v1/workspaces/{id}/purchase-orders/refresh': { as: 'acmeMember', params: own },
  'GET /api/v1/workspaces/{id}/purchase-orders': { as: 'acmeMember', params: own },
  'GET /api/v1/workspaces/{id}/delivery-schedule': { as: 'acmeMember', params: own },
  'GET /api/v1/purchase-orders/{id}': { as: 'acmeMember', params: (w) => ({ id: w.acme.purchaseOrderId }) },
  'PUT /api/v1/purchase-orders/{id}/items': {
    as: 'pm',
    params: (w) => ({ id: w.acme.purchaseOrderId }),
    body: { itemIds: [] },
  },
  'GET /api/v1/items/{id}/purchase-orders': { as: 'acmeMember', params: (w) => ({ id: w.acme.itemId }) },
  'POST /api/v1/purchase-orders/{id}/lines/{lineId}/confirmations': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.purchaseOrderId, lineId: w.acme.orderLineId }),
    body: { kind: 'propose', date: '2030-01-01', reason: 'Planted' },
  },
  'POST /api/v1/delivery-confirmations/{id}/accept': {
    as: 'pm',
    params: (w) => ({ id: w.acme.deliveryConfirmationId }),
    body: { note: 'ok' },
  },
  'POST /api/v1/delivery-confirmations/{id}/reject': {
    as: 'pm',
    params: (w) => ({ id: w.acme.deliveryConfirmationId }),
    body: { note: 'Too late' },
  },
  'GET /api/v1/workspaces/{id}/transmittals': { as: 'acmeMember', params: own },
  'POST /api/v1/workspaces/{id}/transmittals': {
    as: 'pm',
    params: own,
    body: { subject: 'Package', purpose: 'for_information', contents: [] },
  },
  'GET /api/v1/workspaces/{id}/transmittal-settings': { as: 'acmeMember', params: own },
  'PUT /api/v1/workspaces/{id}/transmittal-settings': { as: 'pm', params: own, body: { code: 'ACME' } },
  'GET /api/v1/transmittals/{id}': { as: 'acmeMember', params: (w) => ({ id: w.acme.transmittalId }) },
  'PATCH /api/v1/transmittals/{id}': {
    as: 'pm',
    params: (w) => ({ id: w.acme.transmittalId }),
    body: { subject: 'Renamed' },
  },
  'DELETE /api/v1/transmittals/{id}': { as: 'pm', params: (w) => ({ id: w.acme.transmittalId }) },
  'POST /api/v1/transmittals/{id}/issue': { as: 'pm', params: (w) => ({ id: w.acme.transmittalId }) },
  'GET /api/v1/transmittals/{id}/receipts': { as: 'pm', params: (w) => ({ id: w.acme.transmittalId }) },
  'POST /api/v1/transmittals/{id}/acknowledge': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.transmittalId }),
  },
  'POST /api/v1/transmittals/{id}/contents/{contentId}/receipts': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.transmittalId, contentId: w.acme.transmittalContentId }),
    body: { action: 'downloaded' },
  },
  'GET /api/v1/transmittals/{id}/responders': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.transmittalId }),
  },
  'PUT /api/v1/transmittals/{id}/responders': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.transmittalId }),
    body: { userIds: [] },
  },
  'POST /api/v1/transmittals/{id}/response': {
    as: 'acmeAdmin',
    params: (w) => ({ id: w.acme.transmittalId }),
    body: { contents: [{ contentId: randomUUID(), code: 'A' }] },
  },
  'GET /api/v1/workspaces/{id}/file-safety-policy': { as: 'pm', params: own },
  'PUT /api/v1/workspaces/{id}/file-safety-policy': {
    as: 'pm',
    params: own,
    body: { pdfActiveContent: 'mark' },
  },
  'GET /api/v1/workspaces/{id}/download-policy': { as: 'pm', params: own },
  'PUT /api/v1/workspaces/{id}/download-policy': {
    as: 'pm',
    params: own,
    body: { drawings: 'original' },
  },
  'POST /api/v1/workspaces/{id}/files': {
    as: 'pm',
    params: own,
    body: { documentNumber: 'BI-1', title: 'Bracket' },
  },
  'GET /api/v1/files/{id}': { as: 'pm', params: (w) => ({ id: w.acme.fileId }) },
  'POST /api/v1/files/{id}/revisions': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.fileId }),
    body: { fileName: 'b.pdf', size: 10, sha256: 'a'.repeat(64), label: 'B' },
  },
  'POST /api/v1/files/{id}/revisions/{seq}/parts': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.fileId, seq: String(w.acme.revisionSeq) }),
    body: { partNumbers: [1] },
  },
  'POST /api/v1/files/{id}/revisions/{seq}/complete': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.fileId, seq: String(w.acme.revisionSeq) }),
    body: { parts: [{ partNumber: 1, etag: '"0"' }] },
  },
  'DELETE /api/v1/files/{id}': { as: 'acmeMember', params: (w) => ({ id: w.acme.fileId }) },
  'DELETE /api/v1/files/{id}/revisions/{seq}/upload': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.fileId, seq: String(w.acme.revisionSeq) }),
  },
  'GET /api/v1/files/{id}/revisions/{seq}/download': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.fileId, seq: String(w.acme.revisionSeq) }),
  },
  'PATCH /api/v1/files/{id}/revisions/{seq}': {
    as: 'pm',
    params: (w) => ({ id: w.acme.fileId, seq: String(w.acme.revisionSeq) }),
    body: { reviewState: 'changes_requested', note: 'Dimension missing' },
  },
  'POST /api/v1/sync/jobs/{id}/retry': { as: 'pm', params: () => ({ id: randomUUID() }) },
  'GET /api/v1/items/{id}/comments': { as: 'acmeMember', params: (w) => ({ id: w.acme.itemId }) },
  'POST /api/v1/items/{id}/comments': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.itemId }),
    body: { body: 'Question' },
  },
  'GET /api/v1/items/{id}/jira-comments': { as: 'pm', params: (w) => ({ id: w.acme.itemId }) },
  'POST /api/v1/items/{id}/jira-comments/{commentId}/publish': {
    as: 'pm',
    params: (w) => ({ id: w.acme.itemId, commentId: '10000' }),
  },
  'GET /api/v1/workspaces/{id}/defects': { as: 'acmeMember', params: own },
  'POST /api/v1/workspaces/{id}/defects': {
    as: 'acmeMember',
    params: own,
    body: { title: 'Scratch', description: 'On the face', severity: 'minor' },
  },
  'GET /api/v1/defects/{id}': { as: 'acmeMember', params: (w) => ({ id: w.acme.defectId }) },
  'GET /api/v1/defects/{id}/comments': { as: 'acmeMember', params: (w) => ({ id: w.acme.defectId }) },
  'POST /api/v1/defects/{id}/comments': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.defectId }),
    body: { body: 'More' },
  },
  'POST /api/v1/notifications/{id}/read': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.notificationId }),
  },
  'GET /api/v1/workspaces/{id}/items': { as: 'acmeMember', params: own },
  'POST /api/v1/workspaces/{id}/items': {
    as: 'pm',
    params: own,
    body: { sourceType: 'jira_issue', sourceRef: 'HW-6' },
  },
  'GET /api/v1/items/{id}': { as: 'acmeMember', params: (w) => ({ id: w.acme.itemId }) },
  'GET /api/v1/items/{id}/attachments/{attachmentId}': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.itemId, attachmentId: '10501' }),
  },
  'PATCH /api/v1/items/{id}': {
    as: 'pm',
    params: (w) => ({ id: w.acme.itemId }),
    body: { fields: ['summary'] },
  },
  'DELETE /api/v1/items/{id}': { as: 'pm', params: (w) => ({ id: w.acme.itemId }) },
  'GET /api/v1/items/{id}/preview': { as: 'pm', params: (w) => ({ id: w.acme.itemId }) },
  'POST /api/v1/items/{id}/publish': {
    as: 'pm',
    params: (w) => ({ id: w.acme.itemId }),
    body: { note: 'Next' },
  },
  'GET /api/v1/items/{id}/versions': { as: 'acmeMember', params: (w) => ({ id: w.acme.itemId }) },
  'GET /api/v1/items/{id}/versions/{n}': { as: 'acmeMember', params: (w) => ({ id: w.acme.itemId, n: '1' }) },
  'GET /api/v1/items/{id}/diff': { as: 'acmeMember', params: (w) => ({ id: w.acme.itemId }) },
  'GET /api/v1/items/{id}/draft': { as: 'pm', params: (w) => ({ id: w.acme.itemId }) },
  'DELETE /api/v1/items/{id}/draft': { as: 'pm', params: (w) => ({ id: w.acme.itemId }) },
  'POST /api/v1/items/{id}/versions/{n}/acknowledgements': {
    as: 'acmeMember',
    params: (w) => ({ id: w.acme.itemId, n: '1' }),
  },
  'GET /api/v1/items/{id}/acknowledgements': { as: 'pm', params: (w) => ({ id: w.acme.itemId }) },
  'GET /api/v1/workspaces/{id}/sources/jira': { as: 'pm', params: own },
  'GET /api/v1/workspaces/{id}/sources/feishu': { as: 'pm', params: own },
  'GET /api/v1/workspaces/{id}/sources/jira/fields': { as: 'pm', params: own },
  'GET /api/v1/workspaces/{id}/notification-rules/status': { as: 'pm', params: own },
  'POST /api/v1/workspaces/{id}/notification-rules/preview': {
    as: 'pm',
    params: own,
    body: { rule: { event: 'defect.created', channels: ['feishu_chat'], mention: ['owner'] } },
  },
  'POST /api/v1/workspaces/{id}/notification-rules/test': {
    as: 'pm',
    params: own,
    body: { rule: { event: 'defect.created', channels: ['feishu_chat'] } },
  },
};

/** Cursor-paginated lists, with the query a valid call needs. */
const LISTS: Record<string, { as: Who; path: (w: TwoTenantWorld) => string }> = {
  organizations: { as: 'pm', path: () => '/api/v1/organizations?' },
  'organization users': { as: 'pm', path: (w) => `/api/v1/organizations/${w.acme.orgId}/users?` },
  workspaces: { as: 'pm', path: () => '/api/v1/workspaces?' },
  files: { as: 'acmeMember', path: (w) => `/api/v1/workspaces/${w.acme.workspaceId}/files?` },
  defects: { as: 'acmeMember', path: (w) => `/api/v1/workspaces/${w.acme.workspaceId}/defects?` },
  'all defects': { as: 'acmeMember', path: () => '/api/v1/defects?' },
  items: { as: 'acmeMember', path: (w) => `/api/v1/workspaces/${w.acme.workspaceId}/items?` },
  'item comments': { as: 'acmeMember', path: (w) => `/api/v1/items/${w.acme.itemId}/comments?` },
  'defect comments': { as: 'acmeMember', path: (w) => `/api/v1/defects/${w.acme.defectId}/comments?` },
  versions: { as: 'acmeMember', path: (w) => `/api/v1/items/${w.acme.itemId}/versions?` },
  notifications: { as: 'acmeMember', path: () => '/api/v1/notifications?' },
  'audit events': { as: 'pm', path: () => '/api/v1/audit-events?' },
  'sync jobs': { as: 'pm', path: () => '/api/v1/sync/jobs?state=failed&' },
  'Jira source': { as: 'pm', path: (w) => `/api/v1/workspaces/${w.acme.workspaceId}/sources/jira?` },
  'Feishu source': { as: 'pm', path: (w) => `/api/v1/workspaces/${w.acme.workspaceId}/sources/feishu?` },
  'purchase orders': {
    as: 'acmeMember',
    path: (w) => `/api/v1/workspaces/${w.acme.workspaceId}/purchase-orders?`,
  },
  'delivery confirmations': { as: 'pm', path: () => '/api/v1/delivery-confirmations?' },
  'webhook deliveries': {
    as: 'acmeAdmin',
    path: (w) =>
      `/api/v1/organizations/${w.acme.orgId}/webhook-endpoints/${w.acme.webhookEndpointId}/deliveries?`,
  },
  'transmittals inbox': { as: 'acmeMember', path: () => '/api/v1/transmittals?' },
  'workspace transmittals': {
    as: 'pm',
    path: (w) => `/api/v1/workspaces/${w.acme.workspaceId}/transmittals?`,
  },
  'overdue transmittals': { as: 'pm', path: () => '/api/v1/transmittals/overdue?' },
};

const GARBAGE_CURSORS = [
  'garbage',
  'A'.repeat(4000),
  Buffer.from(JSON.stringify({ at: 'yesterday', id: 'me' })).toString('base64url'),
  Buffer.from('["x",1]').toString('base64url'),
  Buffer.from('2026-01-01T00:00:00Z|not-a-uuid').toString('base64url'),
  Buffer.from('99999-99-99T00:00:00Z|00000000-0000-0000-0000-000000000000').toString('base64url'),
  'eyJ9',
  '%00',
  '99999999999',
  '-1',
];

/** Only for naming test cases before the world exists. */
const PLACEHOLDER_WORLD = {
  acme: { workspaceId: ':workspaceId', itemId: ':itemId', fileId: ':fileId' },
} as unknown as TwoTenantWorld;

interface Problem {
  status: number;
  errors?: { field: string; message: string }[];
}

const fields = (body: Problem) => [...new Set((body.errors ?? []).map((e) => e.field))];

/** Fails with what was sent and what came back, so a table row names itself. */
function expectClientError(sent: string, res: { status: number; body: unknown }): void {
  if (res.status < 400 || res.status >= 500)
    throw new Error(`${sent}: expected 4xx, got ${res.status} ${JSON.stringify(res.body)}`);
}

describe('Bad input across the v1 API', () => {
  let w: TwoTenantWorld;
  let operations: { method: Method; path: string; hasBody: boolean }[];

  beforeAll(async () => {
    w = await createTwoTenantWorld();
    const docs = await w.t.http().get('/api/docs-json').expect(200);
    operations = Object.entries(
      docs.body.paths as Record<string, Record<string, { requestBody?: unknown }>>,
    ).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method as Method,
        path,
        hasBody: !!op.requestBody,
      })),
    );
  }, 120_000);
  afterAll(() => w?.close());

  const clientOf = (who: Who): Client =>
    who === 'anonymous'
      ? {
          get: (url: string) => w.t.http().get(url),
          post: (url: string) => w.t.http().post(url),
          put: (url: string) => w.t.http().put(url),
          patch: (url: string) => w.t.http().patch(url),
          head: (url: string) => w.t.http().head(url),
          delete: (url: string) => w.t.http().delete(url),
        }
      : w.as[who];

  const fill = (template: string, params: Record<string, string>) =>
    template.replace(/\{(\w+)\}/g, (_m, name: string) =>
      encodeURIComponent(params[name] ?? `missing-${name}`),
    );

  function call(
    key: string,
    override: { params?: Record<string, string>; body?: unknown; query?: string } = {},
  ) {
    const [method, template] = key.split(' ') as [string, string];
    const route = ROUTES[key];
    const params = { ...route.params(w), ...override.params };
    const url = fill(template, params) + (override.query ?? (key.endsWith('/diff') ? '?from=1&to=2' : ''));
    const req = clientOf(route.as)[method.toLowerCase() as Method](url);
    const body = 'body' in override ? override.body : route.body;
    return body === undefined ? req : req.send(body as object);
  }

  it('has a case for every operation with a path parameter or a body', () => {
    const needed = operations
      .filter((op) => op.hasBody || op.path.includes('{'))
      .filter((op) => !op.path.includes('/webhooks/'))
      .map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(needed.filter((key) => !ROUTES[key])).toEqual([]);
  });

  describe('a path id that is not a UUID', () => {
    const keys = Object.keys(ROUTES).filter((key) => key.includes('{id}'));
    it.each(keys)('%s answers 400 naming "id"', async (key) => {
      const res = await call(key, { params: { id: 'not-a-uuid' } });
      expect([res.status, res.type]).toEqual([400, 'application/problem+json']);
      expect(fields(res.body)).toContain('id');
    });
  });

  describe('calendar feed URLs that are not one', () => {
    it.each([
      ['a user id that is not a UUID', 'not-a-uuid', 'x.ics'],
      ['NUL characters', '%00', '%00.ics'],
      ['a path traversal', '00000000-0000-0000-0000-000000000000', '..%2F..%2Fetc%2Fpasswd'],
    ])('%s answers 404 problem+json', async (_name, userId, file) => {
      const res = await w.t.http().get(`/api/calendar/${userId}/${file}`);
      expect([res.status, res.type]).toEqual([404, 'application/problem+json']);
    });

    it('a 5,000-character file name answers 4xx (the router refuses over-long parameters)', async () => {
      const res = await w.t
        .http()
        .get(`/api/calendar/00000000-0000-0000-0000-000000000000/${'A'.repeat(5000)}`);
      expectClientError('5,000-character file name', res);
    });
  });

  describe('a path number that is not an integer, or too big to exist', () => {
    const keys = Object.keys(ROUTES).filter((key) => /\{(seq|n)\}/.test(key));
    it.each(keys)('%s answers 400 naming it for "abc" and "1.5", 404 for 99999999999', async (key) => {
      const name = key.includes('{seq}') ? 'seq' : 'n';
      for (const value of ['abc', '1.5']) {
        const res = await call(key, { params: { [name]: value } });
        expect([value, res.status, fields(res.body)]).toEqual([value, 400, [name]]);
      }
      const huge = await call(key, { params: { [name]: '99999999999' } });
      expect(huge.status).toBe(404);
    });
  });

  describe('a body with a field the route does not know', () => {
    const keys = Object.keys(ROUTES).filter((key) => ROUTES[key].body);
    it.each(keys)('%s answers 400 naming the field', async (key) => {
      const res = await call(key, { body: { ...ROUTES[key].body, isAdmin: true } });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toContain('isAdmin');
    });
  });

  describe('a body field of the wrong type', () => {
    const cases = Object.keys(ROUTES).flatMap((key) =>
      Object.entries(ROUTES[key].body ?? {}).map(([field, value]) => [key, field, value] as const),
    );
    it.each(cases)('%s with %s of the wrong type answers 400 naming it', async (key, field, value) => {
      const wrong =
        typeof value === 'string' ? { nested: true } : typeof value === 'number' ? 'ten' : 'not-a-list';
      const res = await call(key, { body: { ...ROUTES[key].body, [field]: wrong } });
      expect(res.status).toBe(400);
      expect(
        fields(res.body).some((f) => f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`)),
      ).toBe(true);
    });
  });

  describe('bodies that are not JSON objects', () => {
    const keys = Object.keys(ROUTES).filter((key) => ROUTES[key].body);
    it.each(keys)('%s answers 4xx for an array, a string, null and malformed JSON', async (key) => {
      for (const body of [[], 'text', null]) {
        const res = await call(key, { body: JSON.stringify(body) }).set('Content-Type', 'application/json');
        expectClientError(JSON.stringify(body), res);
      }
      const malformed = await call(key, { body: '{"name": ' }).set('Content-Type', 'application/json');
      expect(malformed.status).toBe(400);
    });
  });

  describe('strings with a NUL character, which PostgreSQL text cannot hold', () => {
    const cases = Object.keys(ROUTES).flatMap((key) =>
      Object.entries(ROUTES[key].body ?? {})
        .filter(([, value]) => typeof value === 'string')
        .map(([field]) => [key, field] as const),
    );
    it.each(cases)('%s with a NUL in %s answers 400 naming it', async (key, field) => {
      const res = await call(key, { body: { ...ROUTES[key].body, [field]: 'a\u0000b' } });
      expect([res.status, fields(res.body)]).toEqual([400, [field]]);
    });

    it.each([
      ['acmeMember', 'q', (w: TwoTenantWorld) => `/api/v1/workspaces/${w.acme.workspaceId}/items?q=%00`],
      ['acmeMember', 'q', (w: TwoTenantWorld) => `/api/v1/workspaces/${w.acme.workspaceId}/files?q=%00`],
      [
        'acmeMember',
        'status',
        (w: TwoTenantWorld) => `/api/v1/workspaces/${w.acme.workspaceId}/items?status=a%00`,
      ],
      ['pm', 'resourceType', () => '/api/v1/audit-events?resourceType=%00'],
      ['pm', 'status', () => '/api/v1/defects?status=a%00'],
    ] as const)('a %s query with a NUL in %s answers 400 naming it', async (who, field, path) => {
      const res = await clientOf(who).get(path(w));
      expect([res.status, fields(res.body)]).toEqual([400, [field]]);
    });
  });

  describe('huge strings', () => {
    const cases = Object.keys(ROUTES).flatMap((key) =>
      Object.entries(ROUTES[key].body ?? {})
        .filter(([, value]) => typeof value === 'string')
        .map(([field]) => [key, field] as const),
    );
    it.each(cases)('%s with a 200,000-character %s answers 4xx', async (key, field) => {
      const res = await call(key, { body: { ...ROUTES[key].body, [field]: 'x'.repeat(200_000) } });
      expectClientError(field, res);
    });

    it('refuses a body over the size limit with 413', async () => {
      const res = await w.as.acmeMember
        .post(`/api/v1/items/${w.acme.itemId}/comments`)
        .send({ body: 'x'.repeat(2 * 1024 * 1024) });
      expect(res.status).toBe(413);
    });
  });

  describe('list paging', () => {
    it.each(Object.keys(LISTS))(
      '%s answers 400 naming limit for 100000, 0, -1, 1.5 and abc',
      async (name) => {
        const { as, path } = LISTS[name];
        for (const limit of ['100000', '0', '-1', '1.5', 'abc']) {
          const res = await clientOf(as).get(`${path(w)}limit=${limit}`);
          expect([limit, res.status, fields(res.body)]).toEqual([limit, 400, ['limit']]);
        }
      },
    );

    it.each(Object.keys(LISTS))('%s answers 4xx, never 500, for garbage cursors', async (name) => {
      const { as, path } = LISTS[name];
      for (const cursor of GARBAGE_CURSORS) {
        const res = await clientOf(as).get(`${path(w)}cursor=${encodeURIComponent(cursor)}`);
        expectClientError(`cursor ${cursor.slice(0, 40)}`, res);
      }
    });
  });

  describe('other query parameters', () => {
    const QUERIES: [Who, (w: TwoTenantWorld) => string][] = [
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/items?updatedSince=yesterday`],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/items?type=spreadsheet`],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/items?unseen=maybe`],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/items?sort=priority`],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/items?overdue=yes`],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/items?dueWithinDays=-1`],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/items?dueWithinDays=99999999999`],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/items?dueWithinDays=soon`],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/items?q=${'x'.repeat(5000)}`],
      ['acmeMember', (w) => `/api/v1/items/${w.acme.itemId}/diff?from=one&to=2`],
      ['acmeMember', (w) => `/api/v1/items/${w.acme.itemId}/diff?from=1&to=99999999999`],
      ['acmeMember', (w) => `/api/v1/items/${w.acme.itemId}/diff`],
      ['acmeMember', (w) => `/api/v1/files/${w.acme.fileId}/revisions/1/download?disposition=exec`],
      ['acmeMember', (w) => `/api/v1/files/${w.acme.fileId}/revisions/1/download?transmittal=T-1`],
      ['acmeMember', (w) => `/api/v1/items/${w.acme.itemId}/attachments/10501?transmittal=T-1`],
      ['acmeMember', (w) => `/api/v1/items/${w.acme.itemId}/attachments/10501?version=0`],
      ['acmeMember', (w) => `/api/v1/items/${w.acme.itemId}/attachments/10501?version=first`],
      ['acmeMember', () => '/api/v1/notifications?unread=perhaps'],
      ['pm', () => '/api/v1/audit-events?from=yesterday'],
      ['pm', () => '/api/v1/audit-events?actorId=me'],
      ['pm', () => '/api/v1/audit-events?workspaceId=mine'],
      ['pm', () => `/api/v1/audit-events?action=${'a'.repeat(5000)}`],
      ['pm', () => '/api/v1/audit-events/export.csv?to=2999-99-99'],
      ['pm', () => '/api/v1/sync/jobs?state=exploded'],
      ['pm', () => '/api/v1/defects?workspaceId=mine'],
      ['pm', () => '/api/v1/defects?severity=catastrophic'],
      ['pm', () => '/api/v1/defects?syncState=lost'],
      ['pm', () => `/api/v1/defects?status=${'x'.repeat(5000)}`],
      ['pm', () => '/api/v1/defects?managed=maybe'],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/purchase-orders?status=closed`],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/purchase-orders?overdue=yes`],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/purchase-orders?dueWithinDays=999`],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/delivery-schedule?from=2026-13-01`],
      ['acmeMember', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/delivery-schedule?weeks=99`],
      ['pm', () => '/api/v1/delivery-confirmations?state=maybe'],
      ['pm', () => '/api/v1/delivery-confirmations?workspaceId=mine'],
      ['acmeMember', () => '/api/v1/transmittals?state=late'],
      ['acmeMember', () => '/api/v1/transmittals?workspaceId=mine'],
      ['pm', (w) => `/api/v1/workspaces/${w.acme.workspaceId}/transmittals?status=lost`],
      [
        'pm',
        (w) =>
          `/api/v1/workspaces/${w.acme.workspaceId}/sources/jira?jql=${encodeURIComponent('project = = HW')}`,
      ],
    ];

    it.each([
      ['sort', 'dueDat'],
      ['overdue', '1'],
      ['dueWithinDays', '367'],
      ['dueWithinDays', '1.5'],
    ])('the items list answers 400 naming %s for %s', async (param, value) => {
      const res = await w.as.acmeMember.get(
        `/api/v1/workspaces/${w.acme.workspaceId}/items?${param}=${encodeURIComponent(value)}`,
      );
      expect([res.status, fields(res.body)]).toEqual([400, [param]]);
    });

    it.each(['T-1', '00000000-0000-4000-8000-000000000000'])(
      'a revision download with transmittal=%s answers 400 naming transmittal',
      async (value) => {
        const res = await w.as.acmeMember
          .get(`/api/v1/files/${w.acme.fileId}/revisions/1/download?transmittal=${value}`)
          .set('Accept', 'application/json');
        expect([res.status, fields(res.body)]).toEqual([400, ['transmittal']]);
      },
    );

    it.each(['items', 'files'])('an over-long search of %s answers 400 naming q', async (list) => {
      const res = await w.as.acmeMember.get(
        `/api/v1/workspaces/${w.acme.workspaceId}/${list}?q=${'x'.repeat(5000)}`,
      );
      expect([res.status, res.type, fields(res.body)]).toEqual([400, 'application/problem+json', ['q']]);
    });

    it.each(QUERIES.map(([who, path]) => [path(PLACEHOLDER_WORLD).slice(0, 100), who, path] as const))(
      '%s with a malformed query answers 4xx, never 500',
      async (_name, who, path) => {
        const res = await clientOf(who).get(path(w));
        expectClientError(path(w).slice(0, 120), res);
      },
    );
  });
});
