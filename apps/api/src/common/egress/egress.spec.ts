import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { BadInputError } from '../domain-errors';
import {
  assertEgressAllowed,
  DINGTALK_ROBOT_HOSTS,
  EgressPolicy,
  EgressRefusedError,
  EgressResolver,
} from './egress-policy';
import { egressFetch } from './egress-fetch';

const PUBLIC_ADDRESS = '93.184.216.34';

function policy(overrides: Partial<EgressPolicy> = {}): EgressPolicy {
  return {
    allowHttp: true,
    allowPrivate: [],
    timeoutMs: 2000,
    maxResponseBytes: 1024 * 1024,
    // No real DNS in unit tests: names resolve as this table says.
    resolve: resolverFrom({ 'hooks.example.com': PUBLIC_ADDRESS, localhost: '127.0.0.1' }),
    ...overrides,
  };
}

function resolverFrom(table: Record<string, string | string[]>): EgressResolver {
  return async (hostname) => {
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return (Array.isArray(entry) ? entry : [entry]).map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  };
}

async function refusal(url: string, p: EgressPolicy, field = 'webhookUrl'): Promise<BadInputError> {
  const error = await assertEgressAllowed(url, field, p).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof BadInputError)) throw new Error(`${url} was not refused (${String(error)})`);
  return error;
}

/** A local HTTP server counting the requests each path received. */
async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ port: number; hits: Map<string, number>; connections: () => number; close(): Promise<void> }> {
  const hits = new Map<string, number>();
  let connections = 0;
  const server: Server = createServer((req, res) => {
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
    handler(req, res);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('egress policy: checks when a URL is saved', () => {
  const nonPublic = [
    'http://127.0.0.1:5432/',
    'http://localhost/robot/send',
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f.1/',
    'http://127.1/',
    'http://0.0.0.0/',
    'http://0/',
    'http://[::1]/',
    'http://[::]/',
    'http://100.64.0.1/',
    'http://100.127.255.254/',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://192.168.0.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[fe80::1]/',
    'http://[fd00::1]/',
    'http://[ff02::1]/',
    'http://[64:ff9b::7f00:1]/',
  ];

  it.each(nonPublic)('refuses %s with a 400 naming the field', async (url) => {
    const error = await refusal(url, policy(), 'dingtalkWebhook');
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([
      { field: 'dingtalkWebhook', message: expect.stringMatching(/non-public address/) },
    ]);
  });

  it('refuses a name that resolves to a non-public address, even when another of its addresses is public', async () => {
    const p = policy({ resolve: resolverFrom({ 'mixed.example.com': [PUBLIC_ADDRESS, '10.0.0.5'] }) });
    expect((await refusal('https://mixed.example.com/hook', p)).errors[0].message).toContain(
      'mixed.example.com resolves to 10.0.0.5',
    );
  });

  it('refuses a name that does not resolve', async () => {
    expect((await refusal('https://nowhere.example.com/', policy())).errors[0].message).toContain(
      'does not resolve',
    );
  });

  it('accepts public addresses and names resolving to them', async () => {
    await expect(assertEgressAllowed(`https://${PUBLIC_ADDRESS}/x`, 'f', policy())).resolves.toBeUndefined();
    await expect(assertEgressAllowed('https://hooks.example.com/x', 'f', policy())).resolves.toBeUndefined();
  });

  it('accepts only https in production, and never URLs with credentials or other schemes', async () => {
    const production = policy({ allowHttp: false });
    expect((await refusal('http://hooks.example.com/', production)).errors[0].message).toBe(
      'must be an https URL',
    );
    await expect(assertEgressAllowed('https://hooks.example.com/', 'f', production)).resolves.toBeUndefined();
    await refusal('https://user:secret@hooks.example.com/', policy());
    await refusal('ftp://hooks.example.com/', policy());
    await refusal('file:///etc/passwd', policy());
    await refusal('not a url', policy());
  });

  it('holds a service with fixed hosts to them, whatever the other host resolves to', async () => {
    const dingTalk = policy({ allowedHosts: DINGTALK_ROBOT_HOSTS, allowHttp: false });
    await expect(
      assertEgressAllowed('https://oapi.dingtalk.com/robot/send?access_token=t', 'f', dingTalk),
    ).resolves.toBeUndefined();
    expect((await refusal('https://hooks.example.com/robot/send', dingTalk)).errors[0].message).toBe(
      'must point at oapi.dingtalk.com',
    );
    await refusal('https://oapi.dingtalk.com.evil.example/robot/send', dingTalk);
    await refusal('https://127.0.0.1/robot/send', dingTalk);
  });

  it('lets EGRESS_ALLOW_PRIVATE_HOSTS entries (names, addresses, ranges) through, and nothing else', async () => {
    const p = policy({
      allowedHosts: DINGTALK_ROBOT_HOSTS,
      allowPrivate: ['127.0.0.1', 'localhost', 'fd00::/8'],
    });
    await expect(assertEgressAllowed('http://127.0.0.1:4103/robot/send', 'f', p)).resolves.toBeUndefined();
    await expect(assertEgressAllowed('http://localhost:4103/robot/send', 'f', p)).resolves.toBeUndefined();
    await expect(assertEgressAllowed('http://[fd00::7]/robot/send', 'f', p)).resolves.toBeUndefined();
    await refusal('http://127.0.0.2/', p);
    await refusal('http://[::ffff:7f00:1]/', p);
    await refusal('http://169.254.169.254/', p);
  });
});

describe('egress policy: delivery', () => {
  it('refuses at connect time a name that resolved to a public address when saved and to loopback now (DNS rebinding)', async () => {
    const server = await startServer((_req, res) => res.end('{"errcode":0}'));
    try {
      let lookups = 0;
      const rebinding: EgressResolver = async () => [
        { address: lookups++ === 0 ? PUBLIC_ADDRESS : '127.0.0.1', family: 4 },
      ];
      const p = policy({ resolve: rebinding });
      const url = `http://rebind.example.com:${server.port}/robot/send`;
      await expect(assertEgressAllowed(url, 'f', p)).resolves.toBeUndefined();
      const error = await egressFetch(url, { method: 'POST', body: '{}' }, p).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EgressRefusedError);
      expect((error as Error).message).toContain('rebind.example.com resolves to 127.0.0.1');
      expect(lookups).toBe(2);
      expect(server.connections()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('refuses literal non-public addresses before connecting', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    try {
      for (const host of ['127.0.0.1', '[::ffff:7f00:1]', '2130706433'])
        await expect(egressFetch(`http://${host}:${server.port}/`, {}, policy())).rejects.toThrow(
          EgressRefusedError,
        );
      expect(server.connections()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('returns a redirect as it is and never follows it', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/hook') res.writeHead(302, { location: '/internal' }).end();
      else res.end('internal data');
    });
    try {
      const p = policy({ allowPrivate: ['127.0.0.1'] });
      const response = await egressFetch(
        `http://127.0.0.1:${server.port}/hook`,
        { method: 'POST', body: 'x' },
        p,
      );
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/internal');
      expect(server.hits.get('/internal')).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('cuts off an answer larger than the limit, declared or streamed', async () => {
    const big = Buffer.alloc(64 * 1024, 'a');
    const server = await startServer((req, res) => {
      if (req.url === '/declared') return res.writeHead(200, { 'content-length': 10 * big.length }).end();
      // Chunked, no length: the limit is enforced on what arrives.
      res.writeHead(200);
      for (let i = 0; i < 10; i++) res.write(big);
      res.end();
    });
    try {
      const p = policy({ allowPrivate: ['127.0.0.1'], maxResponseBytes: 4 * big.length });
      for (const path of ['/declared', '/streamed'])
        await expect(egressFetch(`http://127.0.0.1:${server.port}${path}`, {}, p)).rejects.toThrow(
          `the answer is larger than ${4 * big.length} bytes`,
        );
      const small = await egressFetch(
        `http://127.0.0.1:${server.port}/streamed`,
        {},
        { ...p, maxResponseBytes: 10 * big.length },
      );
      expect((await small.arrayBuffer()).byteLength).toBe(10 * big.length);
    } finally {
      await server.close();
    }
  });

  it('gives up on a destination that does not answer in time', async () => {
    const server = await startServer(() => undefined);
    try {
      const p = policy({ allowPrivate: ['127.0.0.1'], timeoutMs: 200 });
      const error = await egressFetch(`http://127.0.0.1:${server.port}/`, {}, p).catch((e: Error) => e);
      expect((error as Error).name).toBe('TimeoutError');
    } finally {
      await server.close();
    }
  });

  it('sends the method, headers and body and returns the answer', async () => {
    let received = '';
    const server = await startServer((req, res) => {
      req.setEncoding('utf8');
      req.on('data', (c: string) => (received += c));
      req.on('end', () =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(`{"method":"${req.method}"}`),
      );
    });
    try {
      const response = await egressFetch(
        `http://localhost:${server.port}/`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' },
        policy({ allowPrivate: ['localhost'] }),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ method: 'POST' });
      expect(received).toBe('{"a":1}');
    } finally {
      await server.close();
    }
  });
});
