import { requireTenantToken } from './feishu-auth-routes';
import { fail, offsetOf, pageSize, pageToken, RouteRegistrar } from './feishu-simulator-http';
import { FeishuSimulatorState, latest } from './feishu-simulator-state';

/** Documents (docx v1): metadata, plain text, and the block tree of any revision. */
export function registerDocxRoutes(route: RouteRegistrar, state: FeishuSimulatorState): void {
  route(
    'docx.document.get',
    'GET',
    /^\/open-apis\/docx\/v1\/documents\/([^/]+)$/,
    async (req, _url, [id]) => {
      requireTenantToken(state, req);
      const doc = state.getDocument(id);
      return {
        code: 0,
        msg: 'success',
        data: {
          document: { document_id: doc.documentId, revision_id: latest(doc).revisionId, title: doc.title },
        },
      };
    },
  );

  route(
    'docx.document.raw_content',
    'GET',
    /^\/open-apis\/docx\/v1\/documents\/([^/]+)\/raw_content$/,
    async (req, _u, [id]) => {
      requireTenantToken(state, req);
      const doc = state.getDocument(id);
      const text = latest(doc)
        .blocks.flatMap((b) => Object.values(b))
        .flatMap((v) => (v as { elements?: { text_run?: { content?: string } }[] })?.elements ?? [])
        .map((e) => e.text_run?.content ?? '')
        .join('\n');
      return { code: 0, msg: 'success', data: { content: text } };
    },
  );

  route(
    'docx.blocks.list',
    'GET',
    /^\/open-apis\/docx\/v1\/documents\/([^/]+)\/blocks$/,
    async (req, url, [id]) => {
      requireTenantToken(state, req);
      const doc = state.getDocument(id);
      const size = pageSize(url.searchParams.get('page_size'), 500, 500);
      const wanted = Number(url.searchParams.get('document_revision_id') ?? '-1');
      const revision = wanted === -1 ? latest(doc) : doc.revisions.find((r) => r.revisionId === wanted);
      if (!revision) fail(1770001, 'invalid param: document_revision_id');
      const offset = offsetOf(url.searchParams.get('page_token'));
      const items = revision.blocks.slice(offset, offset + size);
      const hasMore = offset + size < revision.blocks.length;
      return {
        code: 0,
        msg: 'success',
        data: { items, has_more: hasMore, ...(hasMore ? { page_token: pageToken(offset + size) } : {}) },
      };
    },
  );
}
