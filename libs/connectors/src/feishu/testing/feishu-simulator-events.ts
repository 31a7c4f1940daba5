import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_TENANT_KEY } from './feishu-seed';
import type { FeishuSimulatorState } from './feishu-simulator-state';
import type {
  FeishuEventDelivery,
  FeishuSimulatorControl,
  FeishuSimulatorOptions,
} from './feishu-simulator-types';

export interface FeishuEventSender {
  buildEventRequest: FeishuSimulatorControl['buildEventRequest'];
  /** Sends an event to the event URL (with the configured faults and retries); undefined when none is set. */
  sendEvent(eventType: string, event: Record<string, unknown>): Promise<FeishuEventDelivery | undefined>;
}

/** Event callbacks as Feishu sends them: encrypted and signed when an encrypt key is set, retried on failure. */
export function createEventSender(
  options: FeishuSimulatorOptions,
  state: FeishuSimulatorState,
): FeishuEventSender {
  const encrypt = (plain: string): string => {
    const key = createHash('sha256').update(options.encryptKey!, 'utf8').digest();
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
  };

  const buildEventRequest: FeishuSimulatorControl['buildEventRequest'] = (payload, opts = {}) => {
    const plain = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (!options.encryptKey) return { headers, body: plain };
    const body = JSON.stringify({ encrypt: encrypt(plain) });
    const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
    const nonce = opts.nonce ?? randomBytes(8).toString('hex');
    const signature = createHash('sha256')
      .update(timestamp + nonce + options.encryptKey + body, 'utf8')
      .digest('hex');
    return {
      headers: {
        ...headers,
        'x-lark-request-timestamp': timestamp,
        'x-lark-request-nonce': nonce,
        'x-lark-signature': signature,
      },
      body,
    };
  };

  const post = async (payload: Record<string, unknown>): Promise<number> => {
    // Each attempt is signed afresh, as Feishu does for retries.
    const { headers, body } = buildEventRequest(payload);
    const res = await fetch(state.eventUrl!, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(3000),
    });
    await res.arrayBuffer();
    return res.status;
  };

  const sendEvent = async (
    eventType: string,
    event: Record<string, unknown>,
  ): Promise<FeishuEventDelivery | undefined> => {
    if (!state.eventUrl) return undefined;
    const eventId = randomUUID().replace(/-/g, '');
    const payload = {
      schema: '2.0',
      header: {
        event_id: eventId,
        event_type: eventType,
        create_time: String(Date.now()),
        token: options.verificationToken,
        app_id: options.appId,
        tenant_key: DEFAULT_TENANT_KEY,
      },
      event,
    };
    const delivery: FeishuEventDelivery = {
      eventId,
      eventType,
      attempts: 0,
      dropped: false,
      duplicated: false,
    };
    state.deliveries.push(delivery);
    if ((state.eventFaults.drop ?? 0) > 0) {
      state.eventFaults.drop!--;
      delivery.dropped = true;
      return delivery;
    }
    const attempt = async () => {
      delivery.attempts++;
      try {
        delivery.status = await post(payload);
      } catch {
        delivery.status = 0;
      }
    };
    await attempt();
    if ((state.eventFaults.duplicate ?? 0) > 0) {
      state.eventFaults.duplicate!--;
      delivery.duplicated = true;
      await attempt();
    }
    if (delivery.status !== 200) {
      // Feishu retries failed deliveries a few times (over hours); shortened so demos and tests see it.
      (options.eventRetryDelaysMs ?? [2000, 10_000]).forEach((delay) => {
        const timer = setTimeout(() => {
          state.timers.delete(timer);
          if (delivery.status !== 200 && state.eventUrl) void attempt();
        }, delay);
        timer.unref();
        state.timers.add(timer);
      });
    }
    return delivery;
  };
  return { buildEventRequest, sendEvent };
}
