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

  it('rejects a short JWT_SECRET', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET.*32/);
  });

  it('keeps a provided JWT_SECRET and treats empty variables as unset', () => {
    const config = loadConfig({ JWT_SECRET: 'x'.repeat(40), PORT: '' });
    expect(config.jwtSecret).toBe('x'.repeat(40));
    expect(config.jwtSecretGenerated).toBe(false);
    expect(config.port).toBe(3000);
  });
});
