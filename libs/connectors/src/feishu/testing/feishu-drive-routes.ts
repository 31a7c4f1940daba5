import { requireTenantToken } from './feishu-auth-routes';
import { fail, offsetOf, pageSize, pageToken, readBody, RouteRegistrar } from './feishu-simulator-http';
import type { FeishuSimulatorState } from './feishu-simulator-state';
import type { StoredFolderEntry } from './feishu-simulator-types';

/** Drive folders: listing a folder and subscribing to a file's edit events. */
export function registerDriveRoutes(route: RouteRegistrar, state: FeishuSimulatorState): void {
  route(
    'drive.files.subscribe',
    'POST',
    /^\/open-apis\/drive\/v1\/files\/([^/]+)\/subscribe$/,
    async (req, url, [token]) => {
      requireTenantToken(state, req);
      await readBody(req);
      const fileType = url.searchParams.get('file_type') ?? '';
      if (!['doc', 'docx', 'sheet', 'bitable', 'file', 'folder', 'slides'].includes(fileType)) {
        fail(99992402, 'field validation failed: file_type', 400);
      }
      if (!state.documents.has(token) && !state.files.has(token)) fail(1061007, 'file has been delete.');
      state.subscriptions.add(token);
      return { code: 0, msg: 'success', data: {} };
    },
  );

  route('drive.files.list', 'GET', /^\/open-apis\/drive\/v1\/files$/, async (req, url) => {
    requireTenantToken(state, req);
    const folderToken = url.searchParams.get('folder_token') ?? '';
    if (!state.folders.has(folderToken)) fail(1061007, 'file has been delete.');
    const size = pageSize(url.searchParams.get('page_size'), 100, 200);
    const offset = offsetOf(url.searchParams.get('page_token'));
    const entries: StoredFolderEntry[] = [
      ...[...state.documents.values()]
        .filter((d) => d.folderToken === folderToken)
        .map((d) => ({
          token: d.documentId,
          name: d.title,
          type: 'docx',
          parentToken: folderToken,
          createdTime: d.createdTime,
          modifiedTime: d.modifiedTime,
        })),
      ...[...state.files.values()].filter((f) => f.parentToken === folderToken),
    ].sort((a, b) => a.createdTime - b.createdTime || a.token.localeCompare(b.token));
    const page = entries.slice(offset, offset + size);
    const hasMore = offset + size < entries.length;
    const base = `http://${req.headers.host}`;
    return {
      code: 0,
      msg: 'success',
      data: {
        files: page.map((f) => ({
          token: f.token,
          name: f.name,
          type: f.type,
          parent_token: f.parentToken,
          url: `${base}/${f.type === 'docx' ? 'docx' : 'file'}/${f.token}`,
          created_time: String(Math.floor(f.createdTime / 1000)),
          modified_time: String(Math.floor(f.modifiedTime / 1000)),
          owner_id: state.users[0]?.openId,
        })),
        has_more: hasMore,
        ...(hasMore ? { next_page_token: pageToken(offset + size) } : {}),
      },
    };
  });
}
