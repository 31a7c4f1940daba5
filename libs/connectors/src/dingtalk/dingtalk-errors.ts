export type DingTalkErrorKind = 'rate_limited' | 'rejected' | 'unavailable' | 'timeout' | 'invalid_response';

/**
 * A failed robot send. DingTalk answers HTTP 200 with `errcode != 0`; the code says whether it is
 * worth trying again (130101 after a pause) or a configuration problem (310000 sign/keywords/IP).
 */
export class DingTalkRobotError extends Error {
  constructor(
    readonly kind: DingTalkErrorKind,
    readonly retryable: boolean,
    message: string,
    readonly errcode?: number,
    /** Set for rate limiting: DingTalk throttles a robot for 10 minutes after 20 messages a minute. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DingTalkRobotError';
  }
}

export const DINGTALK_RATE_LIMITED = 130101;
export const DINGTALK_THROTTLE_MS = 10 * 60_000;

export function dingTalkError(errcode: number, errmsg: string): DingTalkRobotError {
  const message = `DingTalk robot refused the message: ${errcode} ${errmsg}`;
  if (errcode === DINGTALK_RATE_LIMITED) {
    return new DingTalkRobotError('rate_limited', true, message, errcode, DINGTALK_THROTTLE_MS);
  }
  return new DingTalkRobotError('rejected', false, message, errcode);
}
