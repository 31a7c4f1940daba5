/**
 * Arranges test data through the real HTTP API, signed in as a demo user, the way the PM console
 * would: the browser steps then start from a realistic state.
 */
import { DEMO_PASSWORD } from './session.mjs';

export async function apiAs(baseUrl, email) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`sign-in of ${email} answered ${login.status}: ${await login.text()}`);
  const { accessToken } = await login.json();
  const call = async (method, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body = {}) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
    put: (path, body) => call('PUT', path, body),
  };
}

/** A new workspace shared with a supplier organisation (by name), created by a PM. */
export async function workspaceFor(baseUrl, { pmEmail, supplier }) {
  const pm = await apiAs(baseUrl, pmEmail);
  const orgs = await pm.get('/api/v1/organizations?limit=100');
  const org = orgs.items.find((o) => o.name === supplier);
  if (!org) throw new Error(`no organisation named ${supplier}`);
  const workspace = await pm.post('/api/v1/workspaces', {
    name: `Launch ${Date.now().toString(36)}`,
    supplierOrgId: org.id,
    jiraProjectKey: 'HW',
  });
  return { pm, workspace };
}

/** A workspace for a supplier organisation (by name) with one Jira issue published twice. */
export async function publishedItem(baseUrl, { pmEmail, supplier, issue = 'HW-1' }) {
  const { pm, workspace } = await workspaceFor(baseUrl, { pmEmail, supplier });
  const item = await pm.post(`/api/v1/workspaces/${workspace.id}/items`, {
    sourceType: 'jira_issue',
    sourceRef: issue,
    fields: ['summary', 'status'],
  });
  await pm.post(`/api/v1/items/${item.id}/publish`, { note: 'First release' });
  await pm.patch(`/api/v1/items/${item.id}`, { fields: ['summary', 'status', 'priority', 'description'] });
  await pm.post(`/api/v1/items/${item.id}/publish`, { note: 'Priority and description added' });
  // Other tests edit the simulated issues, so the title is read back rather than assumed.
  const { title } = await pm.get(`/api/v1/items/${item.id}`);
  return { workspace, item, title };
}
