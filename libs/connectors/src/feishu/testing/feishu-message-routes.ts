import { createHash } from 'node:crypto';
import { requireTenantToken } from './feishu-auth-routes';
import {
  fail,
  offsetOf,
  pageSize,
  pageToken,
  parseJson,
  randomId,
  readBody,
  RouteRegistrar,
} from './feishu-simulator-http';
import type { FeishuSimulatorState } from './feishu-simulator-state';
import type { FeishuRecordedMessage, FeishuSimulatorOptions } from './feishu-simulator-types';

/** Messages (im v1): sending text and cards to chats or users (idempotent by `uuid`), and listing a chat. */
export function registerMessageRoutes(
  route: RouteRegistrar,
  options: FeishuSimulatorOptions,
  state: FeishuSimulatorState,
): void {
  /**
   * Who a message @-mentions: Feishu notifies tenant users named by `<at id=…>` in a card's lark_md
   * texts (or `<at user_id=…>` in a text message); other tags and unknown ids notify nobody.
   */
  const mentionsOf = (msgType: string, content: unknown): string[] => {
    const texts: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.tag === 'lark_md' && typeof n.content === 'string') texts.push(n.content);
      Object.values(n).forEach(walk);
    };
    if (msgType === 'interactive') walk(content);
    if (msgType === 'text') texts.push(String((content as { text?: unknown }).text ?? ''));
    const pattern = msgType === 'text' ? /<at user_id="?([^"\s>]+)"?>/g : /<at id=([^\s>]+)><\/at>/g;
    const ids = texts.flatMap((t) => [...t.matchAll(pattern)].map((m) => m[1]));
    return [...new Set(ids)].filter((id) => state.users.some((u) => u.openId === id));
  };

  route('im.messages.create', 'POST', /^\/open-apis\/im\/v1\/messages$/, async (req, url) => {
    requireTenantToken(state, req);
    const body = parseJson(await readBody(req));
    const idType = url.searchParams.get('receive_id_type') ?? '';
    if (!['chat_id', 'open_id', 'user_id', 'union_id', 'email'].includes(idType)) {
      fail(99992402, 'field validation failed: receive_id_type', 400);
    }
    const receiveId = typeof body.receive_id === 'string' ? body.receive_id : '';
    if (!receiveId) fail(99992402, 'field validation failed: receive_id', 400);
    if (idType === 'chat_id' && !/^oc_[A-Za-z0-9]+$/.test(receiveId)) fail(230001, 'invalid receive_id');
    const msgType = typeof body.msg_type === 'string' ? body.msg_type : '';
    if (typeof body.content !== 'string')
      fail(230001, 'invalid message content: content must be a JSON string');
    let content: unknown;
    try {
      content = JSON.parse(body.content);
    } catch {
      fail(230001, 'invalid message content: not JSON');
    }
    const size = Buffer.byteLength(body.content);
    if (msgType === 'text') {
      if (typeof (content as { text?: unknown })?.text !== 'string')
        fail(230001, 'invalid message content: text');
      if (size > 150 * 1024) fail(230025, 'message content too long');
    } else if (msgType === 'interactive' || msgType === 'post') {
      if (!content || typeof content !== 'object') fail(230001, 'invalid message content');
      if (size > 30 * 1024) fail(230025, 'message content too long');
    } else {
      fail(230001, `unsupported msg_type: ${msgType || '(none)'}`);
    }
    const uuid = typeof body.uuid === 'string' && body.uuid ? body.uuid : undefined;
    const existing = uuid ? state.messages.find((m) => m.uuid === uuid) : undefined;
    const message =
      existing ??
      ({
        message_id: randomId('om_', 32),
        chat_id:
          idType === 'chat_id'
            ? receiveId
            : `oc_p2p${createHash('sha1').update(receiveId).digest('hex').slice(0, 20)}`,
        receive_id_type: idType,
        receive_id: receiveId,
        msg_type: msgType,
        content: body.content,
        uuid,
        create_time: String(Date.now()),
        mentions: mentionsOf(msgType, content),
      } satisfies FeishuRecordedMessage);
    if (!existing) {
      state.messages.push(message);
      state.persist();
    }
    return {
      code: 0,
      msg: 'success',
      data: {
        message_id: message.message_id,
        chat_id: message.chat_id,
        msg_type: message.msg_type,
        create_time: message.create_time,
        sender: { id: options.appId, id_type: 'app_id', sender_type: 'app' },
        body: { content: message.content },
      },
    };
  });

  route('im.messages.list', 'GET', /^\/open-apis\/im\/v1\/messages$/, async (req, url) => {
    requireTenantToken(state, req);
    if (url.searchParams.get('container_id_type') !== 'chat')
      fail(99992402, 'field validation failed: container_id_type', 400);
    const chatId = url.searchParams.get('container_id') ?? '';
    const size = pageSize(url.searchParams.get('page_size'), 20, 50);
    const offset = offsetOf(url.searchParams.get('page_token'));
    const inChat = state.messages.filter((m) => m.chat_id === chatId);
    const hasMore = offset + size < inChat.length;
    return {
      code: 0,
      msg: 'success',
      data: {
        items: inChat.slice(offset, offset + size).map((m) => ({
          message_id: m.message_id,
          chat_id: m.chat_id,
          msg_type: m.msg_type,
          create_time: m.create_time,
          body: { content: m.content },
        })),
        has_more: hasMore,
        ...(hasMore ? { page_token: pageToken(offset + size) } : {}),
      },
    };
  });
}
