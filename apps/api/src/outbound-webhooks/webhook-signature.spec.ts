import { createHmac, timingSafeEqual } from 'node:crypto';
import { newWebhookSecret, signatureOf, webhookHeaders } from './webhook-signature';

/** A receiver written from the specification's text alone, as a supplier would write it. */
function receiverVerifies(secret: string, headers: Record<string, string>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const content = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;
  const expected = createHmac('sha256', key).update(content).digest();
  return headers['webhook-signature'].split(' ').some((entry) => {
    const [version, mac] = entry.split(',');
    const given = Buffer.from(mac ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

describe('Standard Webhooks signatures', () => {
  it("reproduces the specification's published example", () => {
    expect(
      signatureOf(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs what an independent receiver verifies, and nothing else', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = '{"type":"ping","data":{"ü":"支架"}}';
    const headers = webhookHeaders([secret], 'msg_1', 1765320000, body);
    expect(receiverVerifies(secret, headers, body)).toBe(true);
    expect(receiverVerifies(secret, headers, body.replace('ping', 'pong'))).toBe(false);
    expect(receiverVerifies(secret, { ...headers, 'webhook-timestamp': '1765320001' }, body)).toBe(false);
    expect(receiverVerifies(newWebhookSecret(), headers, body)).toBe(false);
  });

  it('sends both signatures during a rotation overlap, space-separated', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders([current, previous], 'msg_2', 1765320000, '{}');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(receiverVerifies(current, headers, '{}')).toBe(true);
    expect(receiverVerifies(previous, headers, '{}')).toBe(true);
  });
});
