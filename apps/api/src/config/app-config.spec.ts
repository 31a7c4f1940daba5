import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, productionProblem } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.role).toBe('all');
    expect(config.dataDir).toBe('.data');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.demoPassword).toBe('portico-demo-2026');
    expect(config.jwtSecretGenerated).toBe(true);
  });

  it('applies the documented rate limits, idempotency and upload quotas', () => {
    const config = loadConfig({});
    expect(config.authRateLimitPerMinute).toBe(30);
    expect(config.rateLimits).toEqual({ userRequests: 120, orgRequests: 600, windowSeconds: 60 });
    expect(config.idempotencyKeyMs).toBe(24 * 3600_000);
    expect(config.files.maxOpenUploadsPerUser).toBe(5);
    expect(config.files.orgQuotaBytes).toBe(100 * 1024 ** 3);
    const set = loadConfig({
      RATE_LIMIT_USER_REQUESTS: '10',
      RATE_LIMIT_ORG_REQUESTS: '20',
      RATE_LIMIT_WINDOW_SECONDS: '5',
      FILES_MAX_OPEN_UPLOADS_PER_USER: '2',
      FILES_ORG_QUOTA_BYTES: '0',
    });
    expect(set.rateLimits).toEqual({ userRequests: 10, orgRequests: 20, windowSeconds: 5 });
    expect(set.files).toMatchObject({ maxOpenUploadsPerUser: 2, orgQuotaBytes: 0 });
  });

  it('limits API tokens to 600 requests a minute unless set, refusing zero', () => {
    expect(loadConfig({}).apiTokenRequestsPerMinute).toBe(600);
    expect(loadConfig({ API_TOKEN_RATE_LIMIT_PER_MINUTE: '42' }).apiTokenRequestsPerMinute).toBe(42);
    expect(() => loadConfig({ API_TOKEN_RATE_LIMIT_PER_MINUTE: '0' })).toThrow(
      /API_TOKEN_RATE_LIMIT_PER_MINUTE="0"/,
    );
  });

  it('rejects a rate limit of zero naming the variable', () => {
    expect(() => loadConfig({ RATE_LIMIT_USER_REQUESTS: '0' })).toThrow(/RATE_LIMIT_USER_REQUESTS="0"/);
  });

  it('rejects a non-numeric PORT naming the variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT="abc"/);
  });

  it('rejects a DATABASE_URL that is not a postgres URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('rejects an unknown ROLE', () => {
    expect(() => loadConfig({ ROLE: 'everything' })).toThrow(/ROLE/);
  });

  it('scans uploads only when CLAMAV_URL names a tcp://host:port, and limits image pixels to 100 MP by default', () => {
    expect(loadConfig({}).files).toMatchObject({ clamavUrl: undefined, maxImagePixels: 100_000_000 });
    expect(loadConfig({ CLAMAV_URL: 'tcp://clamd:3310' }).files.clamavUrl).toBe('tcp://clamd:3310');
    for (const value of ['http://clamd:3310', 'tcp://clamd', 'clamd:3310']) {
      expect(() => loadConfig({ CLAMAV_URL: value })).toThrow(/CLAMAV_URL.*tcp:\/\/host:3310/);
    }
  });

  it('rejects a short JWT_SECRET', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET.*32/);
  });

  describe('TRUST_PROXY', () => {
    it('trusts no proxy when unset', () => {
      expect(loadConfig({}).trustProxy).toBe(false);
    });

    it.each([
      ['true', true],
      ['false', false],
      ['2', 2],
      ['10.0.0.0/8, 192.168.1.7', ['10.0.0.0/8', '192.168.1.7']],
      ['loopback,fd00::/8', ['loopback', 'fd00::/8']],
    ] as const)('reads %s', (value, expected) => {
      expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
    });

    it.each(['yes', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1,', '-1'])(
      'rejects %s naming the variable',
      (value) => {
        expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
      },
    );
  });

  describe('EGRESS_ALLOW_PRIVATE_HOSTS', () => {
    it('allows nothing private when unset', () => {
      expect(loadConfig({}).egress.allowPrivateHosts).toEqual([]);
    });

    it('reads host names, addresses and CIDR ranges, lower-cased', () => {
      expect(
        loadConfig({ EGRESS_ALLOW_PRIVATE_HOSTS: '127.0.0.1, LocalHost,fd00::/8' }).egress.allowPrivateHosts,
      ).toEqual(['127.0.0.1', 'localhost', 'fd00::/8']);
    });

    it.each(['10.0.0.0/33', 'http://localhost', 'host name'])('rejects %s naming the variable', (value) => {
      expect(() => loadConfig({ EGRESS_ALLOW_PRIVATE_HOSTS: value })).toThrow(/EGRESS_ALLOW_PRIVATE_HOSTS/);
    });
  });

  describe('/metrics on the public port', () => {
    it.each([
      [{}, true],
      [{ NODE_ENV: 'production' }, false],
      [{ NODE_ENV: 'production', METRICS_TOKEN: 't'.repeat(20) }, true],
      [{ METRICS_PORT: '9464' }, false],
      [{ NODE_ENV: 'production', METRICS_TOKEN: 't'.repeat(20), METRICS_PORT: '9464' }, false],
    ] as const)('%j -> %s', (env, expected) => {
      expect(loadConfig(env).metrics.onPublicPort).toBe(expected);
    });

    it('refuses a short METRICS_TOKEN', () => {
      expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    });
  });

  it('keeps a provided JWT_SECRET and treats empty variables as unset', () => {
    const config = loadConfig({ JWT_SECRET: 'x'.repeat(40), PORT: '' });
    expect(config.jwtSecret).toBe('x'.repeat(40));
    expect(config.jwtSecretGenerated).toBe(false);
    expect(config.port).toBe(3000);
  });
});

describe('secrets from files (<NAME>_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads the value from the file, without its trailing newline', () => {
    const secret = 'a'.repeat(16) + 'bcdefghijklmnopq';
    const config = loadConfig({ JWT_SECRET_FILE: file('jwt', `${secret}\n`) });
    expect(config.jwtSecret).toBe(secret);
    expect(config.jwtSecretGenerated).toBe(false);
  });

  it('refuses both <NAME> and <NAME>_FILE, naming the variable', () => {
    expect(() =>
      loadConfig({ S3_SECRET_ACCESS_KEY: 'x', S3_SECRET_ACCESS_KEY_FILE: file('s3', 'y') }),
    ).toThrow(/both S3_SECRET_ACCESS_KEY and S3_SECRET_ACCESS_KEY_FILE are set/);
  });

  it('names an unreadable file and never prints a secret value', () => {
    expect(() => loadConfig({ SMTP_URL_FILE: join(dir, 'missing') })).toThrow(/SMTP_URL_FILE=.*ENOENT/);
    expect(() => loadConfig({ JWT_SECRET_FILE: file('short', 'tooshort') })).toThrow(/JWT_SECRET=… must be/);
  });

  it('takes the start-up administrator from ADMIN_EMAIL and ADMIN_PASSWORD_FILE, both or neither', () => {
    const config = loadConfig({ ADMIN_EMAIL: 'Ops@Example.com', ADMIN_PASSWORD_FILE: file('admin', 'pw\n') });
    expect(config.bootstrapAdmin).toEqual({
      email: 'ops@example.com',
      displayName: 'Administrator',
      password: 'pw',
    });
    expect(() => loadConfig({ ADMIN_EMAIL: 'ops@example.com' })).toThrow(/ADMIN_PASSWORD_FILE must be set/);
  });
});

describe('productionProblem', () => {
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://db/portico',
    S3_ENDPOINT: 'https://s3.example.com',
    JWT_SECRET: '3f9c1a7e52b84d06a1e9c7b3d5f20486a1b2c3d4e5f60718',
    PUBLIC_URL: 'https://portico.example.com',
  };
  const problem = (env: Record<string, string | undefined>) =>
    productionProblem(loadConfig({ ...production, ...env }));

  it('accepts a complete production configuration, and anything outside production', () => {
    expect(problem({})).toBeNull();
    expect(productionProblem(loadConfig({}))).toBeNull();
  });

  it('names the variable whose embedded service would start', () => {
    expect(problem({ DATABASE_URL: undefined })).toMatch(/^DATABASE_URL must be set/);
    expect(problem({ S3_ENDPOINT: undefined })).toMatch(/^S3_ENDPOINT must be set/);
  });

  it('refuses a missing or weak JWT_SECRET', () => {
    expect(problem({ JWT_SECRET: undefined })).toMatch(/^JWT_SECRET must be set/);
    expect(problem({ JWT_SECRET: 'ab'.repeat(20) })).toMatch(/JWT_SECRET is too weak/);
    expect(problem({ JWT_SECRET: 'change-me-to-a-long-random-secret-value' })).toMatch(/too weak/);
  });

  it('wants an https PUBLIC_URL unless plain http is allowed explicitly', () => {
    expect(problem({ PUBLIC_URL: undefined })).toMatch(/^PUBLIC_URL must be set/);
    expect(problem({ PUBLIC_URL: 'http://portico.example.com' })).toMatch(/ALLOW_HTTP_PUBLIC_URL/);
    expect(problem({ PUBLIC_URL: 'http://portico.example.com', ALLOW_HTTP_PUBLIC_URL: 'true' })).toBeNull();
  });
});
