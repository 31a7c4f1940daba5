import type { FeishuBlock } from '../docx-blocks';
import { BlockType } from '../docx-blocks';
import { buildBlocks } from './feishu-seed';
import type { FeishuEventSender } from './feishu-simulator-events';
import { fail, HttpFailure, parseJson, randomId, readBody, RouteRegistrar } from './feishu-simulator-http';
import { FeishuSimulatorState, latest } from './feishu-simulator-state';
import type {
  FeishuDocumentEdit,
  FeishuEventFaults,
  FeishuRouteFault,
  FeishuSimulatorControl,
  FeishuSimulatorOptions,
} from './feishu-simulator-types';

/** Answers a request as the fault injected for its route says (latency, rate limit, business error, 500). */
export async function applyFault(state: FeishuSimulatorState, name: string): Promise<void> {
  const fault = state.faults.get(name);
  if (!fault) return;
  if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
  if (fault.rateLimit && fault.rateLimit > 0) {
    fault.rateLimit--;
    throw new HttpFailure(
      429,
      { code: 99991400, msg: 'request trigger frequency limit' },
      { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': String(fault.rateLimitResetSeconds ?? 1) },
    );
  }
  if (fault.failWithCode && (fault.failWithCode.times ?? Infinity) > 0) {
    if (fault.failWithCode.times !== undefined) fault.failWithCode.times--;
    fail(fault.failWithCode.code, fault.failWithCode.msg ?? 'injected failure');
  }
  if (fault.errorRate && Math.random() < fault.errorRate) {
    throw new HttpFailure(500, { code: 1, msg: 'internal error' });
  }
}

/** The control API tests and demos use: inspection, document edits (with events), faults, tokens, users. */
export function createControl(
  options: FeishuSimulatorOptions,
  state: FeishuSimulatorState,
  events: FeishuEventSender,
): FeishuSimulatorControl {
  const control: FeishuSimulatorControl = {
    calls: (filter) => state.calls.filter((c) => !filter?.route || c.route === filter.route),
    messages: (chatId) => state.messages.filter((m) => !chatId || m.chat_id === chatId),
    uploads: () => [...state.uploads],
    uploadedContent: (token) => state.uploadContent.get(token),
    events: () => [...state.deliveries],
    documents: () =>
      [...state.documents.values()].map((d) => ({
        documentId: d.documentId,
        title: d.title,
        revisionId: latest(d).revisionId,
        folderToken: d.folderToken,
      })),
    async editDocument(documentId, edit = {}) {
      const doc = state.documents.get(documentId);
      if (!doc) throw new Error(`Unknown document ${documentId}`);
      if (edit.title) doc.title = edit.title;
      const current = latest(doc);
      let blocks: FeishuBlock[];
      if (edit.content) {
        blocks = buildBlocks(doc.documentId, doc.title, edit.content);
      } else {
        blocks = structuredClone(current.blocks);
        const root = blocks[0];
        const id = randomId('doxcn');
        const text = edit.appendParagraph ?? `Edited at ${new Date().toISOString()}`;
        root.children = [...(root.children ?? []), id];
        blocks.push({
          block_id: id,
          parent_id: root.block_id,
          block_type: BlockType.Text,
          text: { elements: [{ text_run: { content: text, text_element_style: {} } }] },
        });
      }
      const revisionId = current.revisionId + 1 + Math.floor(Math.random() * 3);
      doc.revisions.push({ revisionId, blocks });
      doc.modifiedTime = Date.now();
      state.persist();
      if (options.requireSubscription && !state.subscriptions.has(documentId)) return { revisionId };
      const delivery = await events.sendEvent('drive.file.edit_v1', {
        file_type: 'docx',
        file_token: documentId,
        operator_id_list: [
          {
            open_id: edit.operatorOpenId ?? state.users[0]?.openId ?? 'ou_editor',
            union_id: '',
            user_id: '',
          },
        ],
        subscriber_id_list: [],
      });
      return { revisionId, delivery };
    },
    buildEventRequest: events.buildEventRequest,
    injectFault: (name, fault) => state.faults.set(name, { ...fault }),
    setEventFaults: (f) => {
      state.eventFaults = { ...f };
    },
    clearFaults: () => {
      state.faults.clear();
      state.eventFaults = {};
    },
    setEventUrl: (url) => {
      state.eventUrl = url;
    },
    revokeTenantTokens: () => {
      state.tenantTokens.clear();
      state.currentTenantToken = undefined;
    },
    setOAuthUser: (openId) => {
      if (!state.users.some((u) => u.openId === openId)) throw new Error(`Unknown user ${openId}`);
      state.oauthUser = openId;
    },
    addUser: (user) => {
      state.users.push(user);
    },
    tokenRequests: () => state.tokenRequestCount,
    subscriptions: () => [...state.subscriptions],
  };
  return control;
}

/** The control API over HTTP, for `npm run simulators` and the running app. */
export function registerControlRoutes(
  route: RouteRegistrar,
  state: FeishuSimulatorState,
  control: FeishuSimulatorControl,
): void {
  route(
    'control',
    'GET',
    /^\/_control\/(calls|messages|uploads|events|documents)$/,
    async (_req, _url, [what]) => {
      const lists: Record<string, () => unknown> = {
        calls: () => control.calls(),
        messages: () => control.messages(),
        uploads: () => control.uploads(),
        events: () => control.events(),
        documents: () => control.documents(),
      };
      return lists[what]();
    },
    true,
  );
  route(
    'control',
    'POST',
    /^\/_control\/documents\/([^/]+)\/edit$/,
    async (req, _url, [id]) => {
      const body = parseJson(await readBody(req));
      if (!state.documents.has(id)) throw new HttpFailure(404, { error: 'unknown document' });
      return control.editDocument(id, body as FeishuDocumentEdit);
    },
    true,
  );
  route(
    'control',
    'POST',
    /^\/_control\/faults$/,
    async (req) => {
      const body = parseJson(await readBody(req)) as { route?: string } & FeishuRouteFault;
      if (!body.route) throw new HttpFailure(400, { error: 'route is required' });
      control.injectFault(body.route, body);
      return { ok: true };
    },
    true,
  );
  route(
    'control',
    'POST',
    /^\/_control\/event-faults$/,
    async (req) => {
      control.setEventFaults(parseJson(await readBody(req)) as FeishuEventFaults);
      return { ok: true };
    },
    true,
  );
  route(
    'control',
    'DELETE',
    /^\/_control\/faults$/,
    async () => {
      control.clearFaults();
      return { ok: true };
    },
    true,
  );
}
