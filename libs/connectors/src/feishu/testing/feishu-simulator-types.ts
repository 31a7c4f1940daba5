import type { FeishuBlock } from '../docx-blocks';
import type { SeedFolder, SeedNode, SeedUser } from './feishu-seed';

export interface FeishuSimulatorOptions {
  port?: number;
  host?: string;
  appId: string;
  appSecret: string;
  verificationToken: string;
  encryptKey?: string;
  /** Where edit events are POSTed, like the request URL configured in the Feishu console. */
  eventUrl?: string;
  /** JSON file the state is kept in across restarts (demo); in memory only when unset. */
  dataFile?: string;
  /** Folder + documents to start with; the demo folder by default, `false` for an empty drive. */
  seed?: SeedFolder | false;
  users?: SeedUser[];
  /**
   * Send edit events only for documents subscribed via `drive/v1/files/:token/subscribe`, as Feishu
   * does. Off by default so a demo shows events without the subscription step.
   */
  requireSubscription?: boolean;
  /** Waits before re-sending an event the receiver did not answer with 200. Default [2000, 10000]. */
  eventRetryDelaysMs?: number[];
  /** Redirect URLs registered in the app's security settings; any http(s) URL when unset. */
  redirectUris?: string[];
  /** Lifetime of tenant tokens issued; Feishu uses 7200 s. */
  tokenTtlSeconds?: number;
}

export interface FeishuRecordedCall {
  at: string;
  method: string;
  path: string;
  route: string;
  status: number;
  code?: number;
}

export interface FeishuRecordedMessage {
  message_id: string;
  chat_id: string;
  receive_id_type: string;
  receive_id: string;
  msg_type: string;
  /** As sent: a JSON-encoded string. */
  content: string;
  uuid?: string;
  create_time: string;
  /** open_ids of tenant users the message @-mentions (`<at id=…>` in a card's lark_md, `<at user_id=…>` in text). */
  mentions?: string[];
}

export interface FeishuRecordedUpload {
  file_token: string;
  name: string;
  parent_node: string;
  size: number;
  sha256: string;
  method: 'upload_all' | 'chunked';
  parts: number;
  created_time: string;
}

export interface FeishuRouteFault {
  /** Added before answering. */
  latencyMs?: number;
  /** 0..1: share of requests answered with HTTP 500. */
  errorRate?: number;
  /** Answer this many requests with 429 + code 99991400 (Infinity for all). */
  rateLimit?: number;
  rateLimitResetSeconds?: number;
  /** Answer this many requests with HTTP 200 and this `code` (Feishu's business-error style). */
  failWithCode?: { code: number; msg?: string; times?: number };
}

export interface FeishuEventFaults {
  /** Drop (never send) this many upcoming events. */
  drop?: number;
  /** Send each of this many upcoming events twice. */
  duplicate?: number;
}

export interface FeishuEventDelivery {
  eventId: string;
  eventType: string;
  attempts: number;
  status?: number;
  dropped: boolean;
  duplicated: boolean;
}

export interface FeishuDocumentEdit {
  /** New full content; by default a paragraph is appended to the current content. */
  content?: SeedNode[];
  appendParagraph?: string;
  title?: string;
  /** open_id reported as the editor in the event. */
  operatorOpenId?: string;
}

export interface StoredDocument {
  documentId: string;
  title: string;
  folderToken: string;
  ownerId: string;
  createdTime: number;
  modifiedTime: number;
  /** Oldest first. */
  revisions: { revisionId: number; blocks: FeishuBlock[] }[];
}

export interface StoredFolderEntry {
  token: string;
  name: string;
  type: string;
  parentToken: string;
  createdTime: number;
  modifiedTime: number;
}

export interface PendingUpload {
  uploadId: string;
  fileName: string;
  parentNode: string;
  size: number;
  blockNum: number;
  parts: Map<number, Buffer>;
}

export interface PersistedState {
  documents: StoredDocument[];
  folders: { token: string; name: string }[];
  files: StoredFolderEntry[];
  messages: FeishuRecordedMessage[];
  uploads: FeishuRecordedUpload[];
}

export interface FeishuSimulatorControl {
  calls(filter?: { route?: string }): FeishuRecordedCall[];
  messages(chatId?: string): FeishuRecordedMessage[];
  uploads(): FeishuRecordedUpload[];
  uploadedContent(fileToken: string): Buffer | undefined;
  events(): FeishuEventDelivery[];
  documents(): { documentId: string; title: string; revisionId: number; folderToken: string }[];
  /** Edits a document (bumping `revision_id`) and sends `drive.file.edit_v1` to the event URL. */
  editDocument(
    documentId: string,
    edit?: FeishuDocumentEdit,
  ): Promise<{ revisionId: number; delivery?: FeishuEventDelivery }>;
  /** Builds a callback request exactly as Feishu would send it (encrypted and signed when configured). */
  buildEventRequest(
    payload: Record<string, unknown>,
    options?: { timestamp?: string; nonce?: string },
  ): { headers: Record<string, string>; body: string };
  injectFault(route: string, fault: FeishuRouteFault): void;
  setEventFaults(faults: FeishuEventFaults): void;
  clearFaults(): void;
  setEventUrl(url: string | undefined): void;
  /** Makes every issued tenant token invalid, as if Feishu had rotated them. */
  revokeTenantTokens(): void;
  /** The user the OAuth authorize page signs in next. */
  setOAuthUser(openId: string): void;
  /** Adds a user to the tenant's directory (contact lookups, mentions, sign-in). */
  addUser(user: SeedUser): void;
  tokenRequests(): number;
  subscriptions(): string[];
}

export interface FeishuSimulator {
  url: string;
  stop(): Promise<void>;
  control: FeishuSimulatorControl;
}
