import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FeishuEventRejectedError } from './feishu-errors';
import { createFeishuClient } from './lark-feishu-client';
import { computeFeishuSignature, FeishuCallbackResult, FeishuEventVerifier } from './feishu-events';
import { defaultFeishuSeed } from './testing/feishu-seed';
import { FeishuSimulator, startFeishuSimulator } from './testing/feishu-simulator';

const APP = { appId: 'cli_events0000000001', appSecret: 'secret', verificationToken: 'vt-events-123' };
const ENCRYPT_KEY = 'encrypt-key-for-tests';
const DOC = defaultFeishuSeed().documents[0].documentId;

/** A webhook receiver over real HTTP that runs the verifier on the exact bytes received. */
async function startReceiver(verifier: FeishuEventVerifier) {
  const results: (FeishuCallbackResult | FeishuEventRejectedError)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      verifier
        .verify({ headers: req.headers, rawBody: Buffer.concat(chunks) })
        .then((result) => {
          results.push(result);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(result.kind === 'challenge' ? { challenge: result.challenge } : {}));
        })
        .catch((error: FeishuEventRejectedError) => {
          results.push(error);
          res.writeHead(401).end();
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/feishu`,
    results,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function eventPayload(overrides: { token?: string; eventId?: string } = {}) {
  return {
    schema: '2.0',
    header: {
      event_id: overrides.eventId ?? `ev-${Math.random().toString(36).slice(2)}`,
      event_type: 'drive.file.edit_v1',
      create_time: String(Date.now()),
      token: overrides.token ?? APP.verificationToken,
      app_id: APP.appId,
      tenant_key: 't1',
    },
    event: { file_type: 'docx', file_token: DOC, operator_id_list: [{ open_id: 'ou_x' }] },
  };
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeishuEventRejectedError);
  return (error as FeishuEventRejectedError).reason;
}

describe('Feishu event callbacks', () => {
  it('computes the signature of the documented test vector (SHA-256, not HMAC)', () => {
    expect(computeFeishuSignature('1700000000', 'abc', 'test-key', '{"encrypt":"xyz"}')).toBe(
      '6cefac26a2e7c11271da06805631d781d23063b3574d41714a416bf77d78cea6',
    );
  });

  describe('with an encrypt key (encrypted and signed)', () => {
    let sim: FeishuSimulator;
    let verifier: FeishuEventVerifier;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    beforeEach(async () => {
      verifier = new FeishuEventVerifier({
        verificationToken: APP.verificationToken,
        encryptKey: ENCRYPT_KEY,
      });
      receiver = await startReceiver(verifier);
      sim = await startFeishuSimulator({ ...APP, encryptKey: ENCRYPT_KEY, eventUrl: receiver.url });
    });
    afterEach(async () => {
      await sim.stop();
      await receiver.stop();
    });

    it('answers the encrypted url_verification challenge', async () => {
      const { body } = sim.control.buildEventRequest({
        challenge: 'ch-1',
        token: APP.verificationToken,
        type: 'url_verification',
      });
      const unsigned = { 'content-type': 'application/json' };
      await expect(verifier.verify({ headers: unsigned, rawBody: body })).resolves.toEqual({
        kind: 'challenge',
        challenge: 'ch-1',
      });
    });

    it('refuses a url_verification carrying the wrong verification token', async () => {
      const { headers, body } = sim.control.buildEventRequest({
        challenge: 'c',
        token: 'other',
        type: 'url_verification',
      });
      expect(await rejection(verifier.verify({ headers, rawBody: body }))).toBe('bad_token');
    });

    it('delivers a document edit as a verified, decrypted, typed drive.file.edit_v1 event', async () => {
      const { revisionId, delivery } = await sim.control.editDocument(DOC);
      expect(delivery).toMatchObject({ status: 200, attempts: 1 });
      expect(revisionId).toBeGreaterThan(0);
      expect(receiver.results).toHaveLength(1);
      const [result] = receiver.results as FeishuCallbackResult[];
      expect(result).toMatchObject({
        kind: 'event',
        event: {
          type: 'drive.file.edit_v1',
          fileToken: DOC,
          fileType: 'docx',
          eventId: delivery!.eventId,
          appId: APP.appId,
        },
      });
    });

    it('sends edit events only for subscribed documents when the simulator is strict like Feishu', async () => {
      const strict = await startFeishuSimulator({
        ...APP,
        encryptKey: ENCRYPT_KEY,
        eventUrl: receiver.url,
        requireSubscription: true,
      });
      try {
        const client = createFeishuClient({
          baseUrl: strict.url,
          appId: APP.appId,
          appSecret: APP.appSecret,
        });
        expect((await strict.control.editDocument(DOC)).delivery).toBeUndefined();
        await client.subscribeToFileEvents(DOC, 'docx');
        expect(strict.control.subscriptions()).toEqual([DOC]);
        expect((await strict.control.editDocument(DOC)).delivery).toMatchObject({ status: 200 });
        await expect(client.subscribeToFileEvents('doxcnMissing', 'docx')).rejects.toMatchObject({
          kind: 'not_found',
        });
      } finally {
        await strict.stop();
      }
    });

    it('acknowledges a duplicated delivery of the same event without handing it on twice', async () => {
      sim.control.setEventFaults({ duplicate: 1 });
      await sim.control.editDocument(DOC);
      expect((receiver.results as FeishuCallbackResult[]).map((r) => r.kind)).toEqual(['event', 'duplicate']);
    });

    it('re-sends an event, signed afresh, when the receiver did not answer 200', async () => {
      const flaky = await startFeishuSimulator({
        ...APP,
        encryptKey: ENCRYPT_KEY,
        eventRetryDelaysMs: [100],
      });
      try {
        flaky.control.setEventUrl('http://127.0.0.1:9/unreachable');
        const { delivery } = await flaky.control.editDocument(DOC);
        expect(delivery).toMatchObject({ attempts: 1, status: 0 });
        flaky.control.setEventUrl(receiver.url);
        await new Promise((r) => setTimeout(r, 300));
        expect(delivery).toMatchObject({ attempts: 2, status: 200 });
        expect(receiver.results).toEqual([expect.objectContaining({ kind: 'event' })]);
      } finally {
        await flaky.stop();
      }
    });

    it('sends nothing for a dropped event (reconciliation has to catch it)', async () => {
      sim.control.setEventFaults({ drop: 1 });
      const { delivery } = await sim.control.editDocument(DOC);
      expect(delivery).toMatchObject({ dropped: true, attempts: 0 });
      expect(receiver.results).toHaveLength(0);
    });

    it('rejects a body whose signature does not match', async () => {
      const { headers, body } = sim.control.buildEventRequest(eventPayload());
      const tampered = body.replace(/"encrypt":"./, (m) => m.slice(0, -1) + (m.endsWith('A') ? 'B' : 'A'));
      expect(await rejection(verifier.verify({ headers, rawBody: tampered }))).toBe('bad_signature');
      expect(
        await rejection(
          verifier.verify({ headers: { ...headers, 'x-lark-signature': '0'.repeat(64) }, rawBody: body }),
        ),
      ).toBe('bad_signature');
    });

    it('rejects a correctly signed request with a stale timestamp', async () => {
      const old = String(Math.floor(Date.now() / 1000) - 600);
      const { headers, body } = sim.control.buildEventRequest(eventPayload(), { timestamp: old });
      expect(await rejection(verifier.verify({ headers, rawBody: body }))).toBe('stale_timestamp');
    });

    it('rejects the same signed request sent a second time (replay)', async () => {
      const { headers, body } = sim.control.buildEventRequest(eventPayload());
      await expect(verifier.verify({ headers, rawBody: body })).resolves.toMatchObject({ kind: 'event' });
      expect(await rejection(verifier.verify({ headers, rawBody: body }))).toBe('replayed');
    });

    it('rejects a signed event carrying the wrong verification token', async () => {
      const { headers, body } = sim.control.buildEventRequest(eventPayload({ token: 'forged' }));
      expect(await rejection(verifier.verify({ headers, rawBody: body }))).toBe('bad_token');
    });

    it('rejects an event without signature headers', async () => {
      const { body } = sim.control.buildEventRequest(eventPayload());
      expect(await rejection(verifier.verify({ headers: {}, rawBody: body }))).toBe('missing_signature');
    });

    it('rejects a correctly signed body that does not decrypt with our key', async () => {
      const body = JSON.stringify({ encrypt: Buffer.alloc(48, 7).toString('base64') });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers = {
        'x-lark-request-timestamp': timestamp,
        'x-lark-request-nonce': 'n1',
        'x-lark-signature': computeFeishuSignature(timestamp, 'n1', ENCRYPT_KEY, body),
      };
      expect(await rejection(verifier.verify({ headers, rawBody: body }))).toBe('undecryptable');
    });

    it('rejects events signed and encrypted with another encrypt key', async () => {
      const other = await startFeishuSimulator({ ...APP, encryptKey: 'someone-elses-key' });
      try {
        const { headers, body } = other.control.buildEventRequest(eventPayload());
        expect(await rejection(verifier.verify({ headers, rawBody: body }))).toBe('bad_signature');
      } finally {
        await other.stop();
      }
    });

    it('rejects a body that is not JSON', async () => {
      expect(await rejection(verifier.verify({ headers: {}, rawBody: 'not json' }))).toBe('malformed');
    });
  });

  describe('without an encrypt key (plain bodies)', () => {
    let sim: FeishuSimulator;
    const verifier = new FeishuEventVerifier({ verificationToken: APP.verificationToken });

    beforeAll(async () => {
      sim = await startFeishuSimulator(APP);
    });
    afterAll(() => sim.stop());

    it('accepts a plain event with the right token and de-duplicates on event_id', async () => {
      const { headers, body } = sim.control.buildEventRequest(eventPayload({ eventId: 'ev-plain-1' }));
      await expect(verifier.verify({ headers, rawBody: body })).resolves.toMatchObject({ kind: 'event' });
      await expect(verifier.verify({ headers, rawBody: body })).resolves.toEqual({
        kind: 'duplicate',
        eventId: 'ev-plain-1',
      });
    });

    it('rejects a plain event with the wrong token', async () => {
      const { headers, body } = sim.control.buildEventRequest(eventPayload({ token: 'nope' }));
      expect(await rejection(verifier.verify({ headers, rawBody: body }))).toBe('bad_token');
    });

    it('passes unknown event types on as "other" with their payload', async () => {
      const payload = {
        ...eventPayload(),
        header: { ...eventPayload().header, event_type: 'im.message.receive_v1' },
      };
      const { headers, body } = sim.control.buildEventRequest(payload);
      await expect(verifier.verify({ headers, rawBody: body })).resolves.toMatchObject({
        kind: 'event',
        event: { type: 'other', eventType: 'im.message.receive_v1' },
      });
    });
  });
});
