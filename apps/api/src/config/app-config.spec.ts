import { ConfigError, loadConfig } from './app-config';

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

  it('keeps a provided JWT_SECRET and treats empty variables as unset', () => {
    const config = loadConfig({ JWT_SECRET: 'x'.repeat(40), PORT: '' });
    expect(config.jwtSecret).toBe('x'.repeat(40));
    expect(config.jwtSecretGenerated).toBe(false);
    expect(config.port).toBe(3000);
  });
});
