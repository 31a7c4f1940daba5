import type { Readable } from 'node:stream';
import type { FeishuBlock } from './docx-blocks';

/** Injection token for the Feishu/Lark client; application code depends on the interface only. */
export const FEISHU_CLIENT = Symbol('FEISHU_CLIENT');

export interface FeishuDocumentMeta {
  documentId: string;
  /** Increases with every edit; Portico stores it as the shared item's `source_revision`. */
  revisionId: number;
  title: string;
}

export interface FeishuRenderedDocument extends FeishuDocumentMeta {
  /** Sanitised HTML, safe to send to a browser. */
  html: string;
}

export interface FeishuDriveFile {
  token: string;
  name: string;
  /** doc, docx, sheet, bitable, mindnote, file, folder, slides, shortcut ... */
  type: string;
  parentToken?: string;
  url?: string;
  createdTime?: Date;
  modifiedTime?: Date;
  ownerId?: string;
}

export interface FeishuFolderPage {
  files: FeishuDriveFile[];
  /** Pass back as `pageToken` for the next page; undefined on the last page. */
  nextPageToken?: string;
}

export interface FeishuUploadInput {
  folderToken: string;
  /** At most 250 characters (Feishu's limit). */
  fileName: string;
  size: number;
  /** A Buffer, or a stream of exactly `size` bytes (read once, sequentially). */
  content: Buffer | Readable;
}

export interface FeishuUploadResult {
  fileToken: string;
  /** Which Feishu upload path was used: a single request (<= 20 MB) or prepare/part/finish. */
  method: 'upload_all' | 'chunked';
}

export type FeishuMessage =
  | { type: 'text'; text: string }
  /** Card JSON 1.0 (`config`/`header`/`elements`) or a template card (`type: 'template'`). */
  | { type: 'interactive'; card: Record<string, unknown> };

export interface FeishuSendMessageInput {
  /** An `oc_...` chat id unless `receiveIdType` says otherwise. */
  receiveId: string;
  receiveIdType?: 'chat_id' | 'open_id' | 'user_id' | 'union_id' | 'email';
  message: FeishuMessage;
  /** Client dedupe key: Feishu does not send a second message with the same uuid. Use the job id. */
  uuid?: string;
}

export interface FeishuSentMessage {
  messageId: string;
  chatId?: string;
}

export interface FeishuAuthorizeUrlInput {
  redirectUri: string;
  state: string;
  /** Space-separated scopes; none needed for basic identity. */
  scope?: string;
  /** PKCE S256 challenge. */
  codeChallenge?: string;
}

export interface FeishuUserToken {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
  refreshExpiresIn?: number;
  scope?: string;
}

export interface FeishuUserInfo {
  /** Stable per app: key Portico users on openId + tenantKey, never on email alone. */
  openId: string;
  unionId?: string;
  userId?: string;
  tenantKey: string;
  name: string;
  enName?: string;
  email?: string;
  enterpriseEmail?: string;
  avatarUrl?: string;
}

/** Everything Portico does with Feishu/Lark. All methods throw FeishuApiError on failure. */
export interface FeishuClient {
  getDocumentMeta(documentId: string): Promise<FeishuDocumentMeta>;
  /** Every block of the document's latest revision, following `page_token` until the end. */
  listDocumentBlocks(documentId: string): Promise<FeishuBlock[]>;
  /** Meta + blocks of one consistent revision, rendered to sanitised HTML. */
  renderDocument(documentId: string): Promise<FeishuRenderedDocument>;
  listFolderPage(
    folderToken: string,
    options?: { pageToken?: string; pageSize?: number },
  ): Promise<FeishuFolderPage>;
  listFolder(folderToken: string): AsyncIterable<FeishuDriveFile>;
  /**
   * Asks Feishu to send `drive.file.edit_v1` (etc.) for this document. Only the owner or a manager
   * of the file may subscribe; idempotent.
   */
  subscribeToFileEvents(
    fileToken: string,
    fileType?: 'docx' | 'doc' | 'sheet' | 'bitable' | 'file',
  ): Promise<void>;
  /** Picks upload_all up to 20 MB and the chunked path above it. */
  uploadFile(input: FeishuUploadInput): Promise<FeishuUploadResult>;
  sendMessage(input: FeishuSendMessageInput): Promise<FeishuSentMessage>;
  buildAuthorizeUrl(input: FeishuAuthorizeUrlInput): string;
  exchangeOAuthCode(input: {
    code: string;
    redirectUri: string;
    codeVerifier?: string;
  }): Promise<FeishuUserToken>;
  getUserInfo(userAccessToken: string): Promise<FeishuUserInfo>;
  /**
   * The open_ids of the tenant's users with these e-mail addresses (contact v3 batch_get_id, at most 50
   * per call). Addresses Feishu does not know, or the app may not see, are simply absent from the map.
   */
  findOpenIdsByEmail(emails: string[]): Promise<Map<string, string>>;
}
