/** Kingdee's MsgCode values (contract §3). */
export const KingdeeMsgCode = {
  ok: 0,
  sessionLost: 1,
  noPermission: 2,
  exception: 4,
  badParameter: 8,
  fieldMissing: 9,
  noData: 10,
  validationFailed: 11,
  notOperable: 12,
  callLimit: 14,
} as const;

export interface KingdeeFieldMessage {
  field: string | null;
  message: string;
}

/**
 * Every failure of a Kingdee call. Business errors arrive inside HTTP 200 with `IsSuccess: false`; they are
 * never data. `retryable` tells the sync queue whether the same call may succeed later.
 */
export class KingdeeError extends Error {
  constructor(
    message: string,
    /** Kingdee's MsgCode; undefined for transport failures (no answer, non-200, `response_error:`). */
    readonly msgCode: number | undefined,
    readonly errors: KingdeeFieldMessage[] = [],
    readonly retryable = false,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** No live session and no valid signature (MsgCode 1): log in again, retry once. */
export class KingdeeSessionLostError extends KingdeeError {
  constructor(message: string) {
    super(message, KingdeeMsgCode.sessionLost);
  }
}

/** No answer, a non-200 answer, or `response_error:` — the call may work later. */
export class KingdeeUnavailableError extends KingdeeError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message, undefined, [], true);
  }
}

/** Credentials Kingdee refuses outright (wrong data centre, login refused): retrying will not help. */
export class KingdeeAuthError extends KingdeeError {
  constructor(message: string) {
    super(message, undefined, [], false);
  }
}

interface ResponseStatus {
  IsSuccess?: boolean;
  MsgCode?: number;
  Errors?: { FieldName?: string | null; Message?: string }[];
}

/** Turns a failed ResponseStatus into the typed error; call-limit answers (MsgCode 14) may be retried. */
export function errorFromStatus(status: ResponseStatus, operation: string): KingdeeError {
  const errors = (status.Errors ?? []).map((e) => ({ field: e.FieldName ?? null, message: e.Message ?? '' }));
  const text = errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
  const message = `Kingdee ${operation} failed (MsgCode ${status.MsgCode ?? '?'})${text ? `: ${text}` : ''}`;
  if (status.MsgCode === KingdeeMsgCode.sessionLost) return new KingdeeSessionLostError(message);
  return new KingdeeError(message, status.MsgCode, errors, status.MsgCode === KingdeeMsgCode.callLimit);
}
