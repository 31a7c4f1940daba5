import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildBlocks, defaultFeishuSeed, defaultFeishuUsers, SeedFolder, SeedUser } from './feishu-seed';
import { fail, randomId } from './feishu-simulator-http';
import type {
  FeishuEventDelivery,
  FeishuEventFaults,
  FeishuRecordedCall,
  FeishuRecordedMessage,
  FeishuRecordedUpload,
  FeishuRouteFault,
  FeishuSimulatorOptions,
  PendingUpload,
  PersistedState,
  StoredDocument,
  StoredFolderEntry,
} from './feishu-simulator-types';

/** The newest revision of a document. */
export const latest = (doc: StoredDocument) => doc.revisions[doc.revisions.length - 1];

/**
 * Everything the Feishu simulator knows: the drive (documents, folders, uploaded files), messages,
 * tokens, recorded calls and injected faults. Drive and messages are kept in `options.dataFile` when set.
 */
export class FeishuSimulatorState {
  readonly users: SeedUser[];
  eventUrl: string | undefined;
  oauthUser: string | undefined;

  readonly documents = new Map<string, StoredDocument>();
  readonly folders = new Map<string, { token: string; name: string }>();
  readonly files = new Map<string, StoredFolderEntry>();
  readonly uploadContent = new Map<string, Buffer>();
  messages: FeishuRecordedMessage[] = [];
  uploads: FeishuRecordedUpload[] = [];
  readonly calls: FeishuRecordedCall[] = [];
  readonly deliveries: FeishuEventDelivery[] = [];
  readonly faults = new Map<string, FeishuRouteFault>();
  eventFaults: FeishuEventFaults = {};
  readonly tenantTokens = new Map<string, number>();
  currentTenantToken: { token: string; expiresAt: number } | undefined;
  tokenRequestCount = 0;
  readonly pendingUploads = new Map<string, PendingUpload>();
  readonly oauthCodes = new Map<
    string,
    { openId: string; redirectUri: string; expiresAt: number; challenge?: string }
  >();
  readonly userTokens = new Map<string, { openId: string; expiresAt: number }>();
  readonly timers = new Set<NodeJS.Timeout>();
  readonly subscriptions = new Set<string>();

  constructor(private readonly options: FeishuSimulatorOptions) {
    this.users = [...(options.users ?? defaultFeishuUsers())];
    this.eventUrl = options.eventUrl;
    this.oauthUser = this.users[0]?.openId;
    if (options.dataFile && existsSync(options.dataFile)) {
      const state = JSON.parse(readFileSync(options.dataFile, 'utf8')) as PersistedState;
      state.documents.forEach((d) => this.documents.set(d.documentId, d));
      state.folders.forEach((f) => this.folders.set(f.token, f));
      state.files.forEach((f) => this.files.set(f.token, f));
      this.messages = state.messages;
      this.uploads = state.uploads;
    } else {
      if (options.seed !== false) this.seedFolder(options.seed ?? defaultFeishuSeed());
      this.persist();
    }
  }

  persist(): void {
    const dataFile = this.options.dataFile;
    if (!dataFile) return;
    const state: PersistedState = {
      documents: [...this.documents.values()],
      folders: [...this.folders.values()],
      files: [...this.files.values()],
      messages: this.messages,
      uploads: this.uploads,
    };
    mkdirSync(dirname(dataFile), { recursive: true });
    const tmp = `${dataFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, dataFile);
  }

  private seedFolder(seed: SeedFolder): void {
    this.folders.set(seed.folderToken, { token: seed.folderToken, name: seed.name });
    const start = Date.UTC(2026, 9, 1);
    seed.documents.forEach((doc, i) => {
      let revisionId = 1;
      const revisions = doc.revisions.map((nodes, r) => {
        revisionId += r === 0 ? 0 : 3 + r;
        return { revisionId, blocks: buildBlocks(doc.documentId, doc.title, nodes) };
      });
      const created = start + i * 86_400_000;
      this.documents.set(doc.documentId, {
        documentId: doc.documentId,
        title: doc.title,
        folderToken: seed.folderToken,
        ownerId: this.users[0]?.openId ?? 'ou_owner',
        createdTime: created,
        modifiedTime: created + revisions.length * 3_600_000,
        revisions,
      });
    });
  }

  /** The document, or Feishu's "not found" business error. */
  getDocument(id: string): StoredDocument {
    const doc = this.documents.get(id);
    if (!doc) fail(1770002, 'not found');
    return doc;
  }

  /** Files an uploaded file into a folder and records the upload; returns its file token. */
  storeUpload(
    name: string,
    parentNode: string,
    content: Buffer,
    method: FeishuRecordedUpload['method'],
    parts: number,
  ): string {
    const token = randomId('boxcn');
    const now = Date.now();
    this.files.set(token, {
      token,
      name,
      type: 'file',
      parentToken: parentNode,
      createdTime: now,
      modifiedTime: now,
    });
    this.uploadContent.set(token, content);
    this.uploads.push({
      file_token: token,
      name,
      parent_node: parentNode,
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      method,
      parts,
      created_time: String(Math.floor(now / 1000)),
    });
    this.persist();
    return token;
  }
}
