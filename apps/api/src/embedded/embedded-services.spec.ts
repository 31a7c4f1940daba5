import { loadConfig } from '../config';
import { LOOPBACK_HOSTS, startEmbeddedServices } from './embedded-services';

/** Everything configured, so no embedded service starts: only the egress allowance is decided. */
const CONFIGURED = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused',
  S3_ENDPOINT: 'http://127.0.0.1:9/',
  JIRA_BASE_URL: 'https://jira.example.com',
  FEISHU_BASE_URL: 'https://open.feishu.cn',
};

describe('startEmbeddedServices and the egress policy', () => {
  it('lets a development start reach the simulators on loopback', async () => {
    const embedded = await startEmbeddedServices(loadConfig({ ...CONFIGURED, NODE_ENV: 'development' }));
    expect(embedded.config.egress.allowPrivateHosts).toEqual([...LOOPBACK_HOSTS]);
    await embedded.stop();
  });

  it('keeps an explicit EGRESS_ALLOW_PRIVATE_HOSTS, and allows nothing in production', async () => {
    const explicit = await startEmbeddedServices(
      loadConfig({ ...CONFIGURED, NODE_ENV: 'development', EGRESS_ALLOW_PRIVATE_HOSTS: '10.1.2.3' }),
    );
    expect(explicit.config.egress.allowPrivateHosts).toEqual(['10.1.2.3']);
    const production = await startEmbeddedServices(loadConfig({ ...CONFIGURED, NODE_ENV: 'production' }));
    expect(production.config.egress.allowPrivateHosts).toEqual([]);
  });
});
