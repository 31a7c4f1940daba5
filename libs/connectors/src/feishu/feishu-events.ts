import { createHash, timingSafeEqual } from 'node:crypto';
import { larkSdk, type Lark } from './lark-sdk';
import { FeishuEventRejectedError } from './feishu-errors';

interface EventBase {
  eventId: string;
  createTime: Date;
  appId?: string;
  tenantKey?: string;
}

/** A subscribed document (docx, sheet, ...) was edited: `drive.file.edit_v1`. */
export interface FeishuFileEditedEvent extends EventBase {
  type: 'drive.file.edit_v1';
  fileToken: string;
  fileType: string;
  operatorOpenIds: string[];
}

export interface FeishuFileTitleUpdatedEvent extends EventBase {
  type: 'drive.file.title_updated_v1';
  fileToken: string;
  fileType: string;
}

export interface FeishuFileRemovedEvent extends EventBase {
  type: 'drive.file.trashed_v1' | 'drive.file.deleted_v1';
  fileToken: string;
  fileType: string;
}

/** Verified and authentic, but of a type Portico does not act on. */
export interface FeishuOtherEvent extends EventBase {
  type: 'other';
  eventType: string;
  payload: Record<string, unknown>;
}

export type FeishuEvent =
  FeishuFileEditedEvent | FeishuFileTitleUpdatedEvent | FeishuFileRemovedEvent | FeishuOtherEvent;

export type FeishuCallbackResult =
  /** Answer HTTP 200 `{ challenge }` within 1 s. */
  | { kind: 'challenge'; challenge: string }
  | { kind: 'event'; event: FeishuEvent }
  /** Re-delivery of an event already accepted: answer 200 and do nothing. */
  | { kind: 'duplicate'; eventId: string };

/**
 * Remembers what was seen for a while. The default is per process; with several API processes,
 * plug in one backed by the database (e.g. the `webhook_delivery` table).
 */
export interface FeishuDeliveryGuard {
  /** True the first time `key` is offered within `ttlMs`, false afterwards. */
  firstSeen(key: string, ttlMs: number): boolean | Promise<boolean>;
}

export class InMemoryDeliveryGuard implements FeishuDeliveryGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  firstSeen(key: string, ttlMs: number): boolean {
    const now = this.now();
    if (this.seen.size > 10_000) {
      for (const [k, expires] of this.seen) if (expires <= now) this.seen.delete(k);
    }
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > now) return false;
    this.seen.set(key, now + ttlMs);
    return true;
  }
}

export interface FeishuEventVerifierOptions {
  verificationToken: string;
  /** When set, Feishu encrypts bodies and signs requests; both are then required. */
  encryptKey?: string;
  /** Accepted clock difference for `X-Lark-Request-Timestamp`; default 300 s. */
  toleranceSeconds?: number;
  guard?: FeishuDeliveryGuard;
  now?: () => number;
}

export interface FeishuCallbackRequest {
  /** Header names in any case. */
  headers: Record<string, string | string[] | undefined>;
  /** The exact bytes received: the signature covers them, not a re-serialised object. */
  rawBody: Buffer | string;
}

/** Feishu's request signature: hex SHA-256 (not HMAC) of timestamp + nonce + encrypt key + raw body. */
export function computeFeishuSignature(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: Buffer | string,
) {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey, 'utf8')
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function header(headers: FeishuCallbackRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Verifies and decodes Feishu event callbacks (webhook mode). Checks everything the SDK's
 * EventDispatcher skips: the verification token, the signature over the raw bytes, a time window
 * and replays, and de-duplicates on `event_id`.
 */
export class FeishuEventVerifier {
  private readonly toleranceMs: number;
  private readonly guard: FeishuDeliveryGuard;
  private readonly now: () => number;
  private aesCipher?: Lark.AESCipher;

  constructor(private readonly options: FeishuEventVerifierOptions) {
    this.toleranceMs = (options.toleranceSeconds ?? 300) * 1000;
    this.now = options.now ?? Date.now;
    this.guard = options.guard ?? new InMemoryDeliveryGuard(this.now);
  }

  /** Built on the first encrypted callback, so that constructing a verifier does not load the SDK. */
  private get cipher(): Lark.AESCipher | undefined {
    if (!this.options.encryptKey) return undefined;
    return (this.aesCipher ??= new (larkSdk().AESCipher)(this.options.encryptKey));
  }

  async verify(request: FeishuCallbackRequest): Promise<FeishuCallbackResult> {
    const raw = typeof request.rawBody === 'string' ? request.rawBody : request.rawBody.toString('utf8');
    const outer = this.parse(raw);
    let signed = false;
    if (this.options.encryptKey) {
      signed = await this.checkSignature(request);
      if (typeof outer.encrypt !== 'string') {
        throw new FeishuEventRejectedError(
          'malformed',
          'An encrypt key is configured but the body is not encrypted',
        );
      }
    }
    const payload = typeof outer.encrypt === 'string' ? this.decrypt(outer.encrypt) : outer;

    if (payload.type === 'url_verification') {
      this.checkToken(str(payload.token));
      return { kind: 'challenge', challenge: str(payload.challenge) };
    }
    // Feishu signs every event when an encrypt key is set; only URL verification comes unsigned.
    if (this.options.encryptKey && !signed) {
      throw new FeishuEventRejectedError('missing_signature', 'Event without X-Lark-Signature');
    }

    const v2 = payload.schema === '2.0';
    const head = v2 ? (asObject(payload.header) ?? {}) : payload;
    this.checkToken(str(head.token));
    const eventId = v2 ? str(head.event_id) : str(payload.uuid);
    if (!eventId) throw new FeishuEventRejectedError('malformed', 'Event without an event id');
    // Feishu retries deliveries it considers failed for a while; a day covers the whole retry schedule.
    if (!(await this.guard.firstSeen(`feishu-event:${eventId}`, 24 * 3600_000))) {
      return { kind: 'duplicate', eventId };
    }
    return { kind: 'event', event: this.toEvent(payload, v2, eventId) };
  }

  private parse(raw: string): Json {
    try {
      const parsed = asObject(JSON.parse(raw));
      if (parsed) return parsed;
    } catch {
      // fall through to the rejection below
    }
    throw new FeishuEventRejectedError('malformed', 'Callback body is not a JSON object');
  }

  private decrypt(encrypted: string): Json {
    if (!this.cipher)
      throw new FeishuEventRejectedError('undecryptable', 'Encrypted body but no encrypt key configured');
    let plain: string;
    try {
      plain = this.cipher.decrypt(encrypted);
    } catch {
      throw new FeishuEventRejectedError(
        'undecryptable',
        'Body cannot be decrypted with the configured encrypt key',
      );
    }
    const parsed = (() => {
      try {
        return asObject(JSON.parse(plain));
      } catch {
        return undefined;
      }
    })();
    if (!parsed) throw new FeishuEventRejectedError('undecryptable', 'Decrypted body is not a JSON object');
    return parsed;
  }

  /** Returns false when the request carries no signature at all (allowed only for URL verification). */
  private async checkSignature(request: FeishuCallbackRequest): Promise<boolean> {
    const signature = header(request.headers, 'x-lark-signature');
    const timestamp = header(request.headers, 'x-lark-request-timestamp');
    const nonce = header(request.headers, 'x-lark-request-nonce');
    if (!signature && !timestamp && !nonce) return false;
    if (!signature || !timestamp || !nonce) {
      throw new FeishuEventRejectedError('missing_signature', 'Incomplete signature headers');
    }
    const expected = computeFeishuSignature(timestamp, nonce, this.options.encryptKey!, request.rawBody);
    if (!safeEqual(signature.toLowerCase(), expected)) {
      throw new FeishuEventRejectedError('bad_signature', 'X-Lark-Signature does not match');
    }
    const sentAt = Number(timestamp) * 1000;
    if (!/^\d+$/.test(timestamp) || Math.abs(this.now() - sentAt) > this.toleranceMs) {
      throw new FeishuEventRejectedError(
        'stale_timestamp',
        'X-Lark-Request-Timestamp is outside the accepted window',
      );
    }
    // Within the window a captured request could be sent again verbatim; remember signatures as long.
    if (!(await this.guard.firstSeen(`feishu-signature:${expected}`, 2 * this.toleranceMs))) {
      throw new FeishuEventRejectedError('replayed', 'This signed request was already received');
    }
    return true;
  }

  private checkToken(token: string): void {
    if (!safeEqual(token, this.options.verificationToken)) {
      throw new FeishuEventRejectedError('bad_token', 'Verification token does not match');
    }
  }

  private toEvent(payload: Json, v2: boolean, eventId: string): FeishuEvent {
    const head = v2 ? (asObject(payload.header) ?? {}) : payload;
    const body = asObject(payload.event) ?? {};
    const eventType = v2 ? str(head.event_type) : str(body.type);
    const createMs = Number(v2 ? head.create_time : payload.ts);
    const base: EventBase = {
      eventId,
      createTime: new Date(Number.isFinite(createMs) && createMs > 0 ? createMs : this.now()),
      appId: str(v2 ? head.app_id : body.app_id) || undefined,
      tenantKey: str(v2 ? head.tenant_key : body.tenant_key) || undefined,
    };
    const fileToken = str(body.file_token);
    const fileType = str(body.file_type);
    switch (eventType) {
      case 'drive.file.edit_v1': {
        const operators = Array.isArray(body.operator_id_list) ? body.operator_id_list : [];
        return {
          ...base,
          type: eventType,
          fileToken,
          fileType,
          operatorOpenIds: operators.map((o) => str(asObject(o)?.open_id)).filter(Boolean),
        };
      }
      case 'drive.file.title_updated_v1':
        return { ...base, type: eventType, fileToken, fileType };
      case 'drive.file.trashed_v1':
      case 'drive.file.deleted_v1':
        return { ...base, type: eventType, fileToken, fileType };
      default:
        return { ...base, type: 'other', eventType, payload: body };
    }
  }
}
