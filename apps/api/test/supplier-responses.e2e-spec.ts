import { waitFor } from './feedback.fixtures';
import { Client, createTwoTenantWorld, TenantData, TwoTenantWorld } from './support/two-tenant-world';

/**
 * The portal promises suppliers never see Jira identifiers: this walks every GET route of the OpenAPI
 * document as Acme's member and admin, with Acme's ids, and scans every answer they are given.
 */
interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
}

/** Which id a path parameter stands for, by the collection it follows. */
function fill(path: string, d: TenantData, version: number): string {
  const ids: Record<string, string> = {
    organizations: d.orgId,
    workspaces: d.workspaceId,
    files: d.fileId,
    items: d.itemId,
    defects: d.defectId,
    notifications: d.notificationId,
    'purchase-orders': d.purchaseOrderId,
    transmittals: d.transmittalId,
  };
  return path.replace(/\/([a-z-]+)\/\{(\w+)\}/g, (_match, collection: string, name: string) => {
    if (name === 'id' && ids[collection]) return `/${collection}/${ids[collection]}`;
    if (name === 'seq') return `/${collection}/${d.revisionSeq}`;
    if (name === 'n') return `/${collection}/${version}`;
    // A Jira attachment id of the shared issue (the simulator's first one).
    if (name === 'attachmentId') return `/${collection}/10501`;
    throw new Error(`no value for {${name}} in ${path}: teach this sweep about the new route`);
  });
}

const REQUIRED_QUERIES: Record<string, string> = { from: '1', to: '2' };

describe('Supplier responses carry no Jira or Feishu identifiers', () => {
  let w: TwoTenantWorld;

  beforeAll(async () => {
    w = await createTwoTenantWorld();
    // The defect and the supplier's comments reach Jira in the background; scan once they have,
    // so their Jira key and comment ids exist to leak.
    await waitFor(
      async () => {
        const [defect] = await w.t.dataSource.query(`SELECT jira_key FROM defect WHERE id = $1`, [
          w.acme.defectId,
        ]);
        const undelivered = await w.t.dataSource.query(
          `SELECT 1 FROM comment WHERE workspace_id = $1 AND visibility = 'public' AND external_id IS NULL AND source = 'portico'`,
          [w.acme.workspaceId],
        );
        return defect?.jira_key && undelivered.length === 0;
      },
      30000,
      'the defect and comments in Jira',
    );
  }, 120_000);
  afterAll(() => w?.close());

  /** What a supplier must never be shown. */
  function leaks(text: string): string[] {
    const found: string[] = [];
    const patterns: RegExp[] = [
      /\b[A-Z][A-Z0-9]+-\d+\b/g, // Jira issue keys (HW-1)
      /atlassian\.net|\/browse\/|\/rest\/api\//g, // Jira URLs
      /\b(fld|dox|doc|sht|bas|wik)cn[A-Za-z0-9]{6,}\b/g, // Feishu folder and document tokens
      /"(jiraKey|jiraCommentId|jiraIssueId|externalId|jiraSiteUrl|feishuFolderToken|feishuChatId)"/g,
    ];
    for (const pattern of patterns) found.push(...(text.match(pattern) ?? []));
    for (const origin of [w.jira.url, w.feishu.url]) if (text.includes(origin)) found.push(origin);
    return found;
  }

  it('holds for every GET route a supplier member or admin may call', async () => {
    const doc = (await w.t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, { get?: OpenApiOperation }>;
    };
    const routes = Object.entries(doc.paths).filter(
      ([path, ops]) => ops.get && path.startsWith('/api/v1/') && !path.includes('/auth/'),
    );
    const answered: string[] = [];
    const found: Record<string, string[]> = {};
    for (const [template, ops] of routes) {
      const query = (ops.get!.parameters ?? [])
        .filter((p) => p.in === 'query' && p.required)
        .map((p) => `${p.name}=${REQUIRED_QUERIES[p.name] ?? ''}`)
        .join('&');
      for (const version of template.includes('{n}') ? [1, 2] : [1]) {
        const path = fill(template, w.acme, version) + (query ? `?${query}` : '');
        for (const client of [w.as.acmeMember, w.as.acmeAdmin] as Client[]) {
          const res = await client.get(path);
          if (res.status !== 200) continue;
          answered.push(template);
          const text = res.type.includes('json') ? JSON.stringify(res.body) : (res.text ?? '');
          const leaked = leaks(text);
          if (leaked.length) found[`${template} (${path})`] = [...new Set(leaked)];
        }
      }
    }
    expect(found).toEqual({});
    // The sweep reached the routes that carried Jira ids before.
    expect(answered).toEqual(
      expect.arrayContaining([
        '/api/v1/defects/{id}',
        '/api/v1/defects',
        '/api/v1/workspaces/{id}/defects',
        '/api/v1/defects/{id}/comments',
        '/api/v1/items/{id}/comments',
        '/api/v1/items/{id}',
        '/api/v1/workspaces/{id}/files',
        '/api/v1/notifications',
        '/api/v1/me',
        '/api/v1/transmittals/{id}',
        '/api/v1/transmittals',
      ]),
    );
  });

  it('documents the supplier and internal shapes as separate OpenAPI schemas', async () => {
    const { components } = (await w.t.http().get('/api/docs-json').expect(200)).body as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const fields = (name: string) => Object.keys(components.schemas[name]?.properties ?? {}).sort();
    expect(fields('DefectSyncDto')).toEqual(['state']);
    expect(fields('CommentSyncDto')).toEqual(['state']);
    expect(fields('InternalDefectSyncDto')).toEqual(expect.arrayContaining(['jiraKey', 'error']));
    expect(fields('InternalCommentSyncDto')).toEqual(expect.arrayContaining(['jiraCommentId', 'error']));
  });

  it('still shows internal users the Jira key and comment ids', async () => {
    const defect = await w.as.pm.get(`/api/v1/defects/${w.acme.defectId}`).expect(200);
    expect(defect.body.sync.jiraKey).toMatch(/^HW-\d+$/);
    const comments = await w.as.pm.get(`/api/v1/defects/${w.acme.defectId}/comments`).expect(200);
    expect(
      comments.body.items.some((c: { sync: { jiraCommentId?: string | null } }) => c.sync.jiraCommentId),
    ).toBe(true);
  });
});
