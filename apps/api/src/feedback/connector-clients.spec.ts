import { FactoryProvider } from '@nestjs/common';
import { FEISHU_CLIENT } from '@portico/connectors/feishu/feishu-client.port';
import { JIRA_CLIENT } from '@portico/connectors/jira/jira-client.port';
import { loadConfig } from '../config';
import { channelClientProviders } from '../notifications';
import { PolicyViolationError } from '../common';
import { sourceClientProviders } from '../sharing';
import { PermanentJobError } from '../sync';
import { flowBackClientProviders } from './connector-clients';

const unconfigured = loadConfig({ NODE_ENV: 'test' });
const build = (providers: unknown[], token: symbol) =>
  (providers as FactoryProvider[]).find((p) => p.provide === token)!.useFactory(unconfigured) as Record<
    string,
    unknown
  >;

describe('clients of systems that are not configured', () => {
  const clients = [
    build(flowBackClientProviders, JIRA_CLIENT),
    build(flowBackClientProviders, FEISHU_CLIENT),
    build(channelClientProviders, FEISHU_CLIENT),
    build(sourceClientProviders, JIRA_CLIENT),
    build(sourceClientProviders, FEISHU_CLIENT),
  ];

  it('are not mistaken for promises when Nest resolves the provider (the app must still start)', async () => {
    for (const client of clients) {
      for (const probed of [
        'then',
        'onModuleInit',
        'onApplicationBootstrap',
        'onModuleDestroy',
        'beforeApplicationShutdown',
        'onApplicationShutdown',
      ]) {
        expect(client[probed]).toBeUndefined();
      }
      await expect(Promise.resolve(client)).resolves.toBe(client);
    }
  });

  it('fail every call for good, so the job is dead-lettered with the reason', () => {
    const [jira] = clients;
    expect(() => (jira.createIssue as () => unknown)()).toThrow(PermanentJobError);
    expect(() => (jira.createIssue as () => unknown)()).toThrow('Jira is not configured on this server');
  });

  it('tell a sharing request what is missing', () => {
    const feishu = build(sourceClientProviders, FEISHU_CLIENT);
    expect(() => (feishu.renderDocument as () => unknown)()).toThrow(PolicyViolationError);
    expect(() => (feishu.renderDocument as () => unknown)()).toThrow(
      'Feishu is not configured on this server',
    );
  });
});
