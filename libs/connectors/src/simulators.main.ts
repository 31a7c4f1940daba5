/**
 * `npm run simulators`: starts the Jira, Feishu and DingTalk simulators on fixed local ports with
 * the credentials the app reads from its environment (demo values when unset), keeps their state
 * under DATA_DIR, and prints how to point Portico at them.
 */
import { join, resolve } from 'node:path';
import { loadConfig } from '../../../apps/api/src/config/app-config';
import { DEFAULT_DINGTALK_ROBOT, startDingTalkSimulator } from './dingtalk/testing';
import { FEISHU_SIMULATOR_DEMO_APP, startFeishuSimulator } from './feishu/testing';
import { startJiraSimulator } from './jira/testing';

const PORTS = { jira: 4101, feishu: 4102, dingtalk: 4103 };
const JIRA_DEMO = {
  email: 'portico-bot@portico.example',
  apiToken: 'portico-demo-jira-api-token',
  webhookSecret: 'portico-demo-jira-webhook-secret',
};

/** Demo values are printed so they can be copied; real ones from the environment are not echoed. */
function shown(fromEnv: string | undefined, demo: string): string {
  return fromEnv ? '<from environment>' : demo;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const env = config.raw;
  const dataDir = join(resolve(config.dataDir), 'simulators');
  const webhookBase = `${config.publicUrl}/api/v1/webhooks`;

  const jira = await startJiraSimulator({
    port: PORTS.jira,
    email: env.JIRA_EMAIL ?? JIRA_DEMO.email,
    apiToken: env.JIRA_API_TOKEN ?? JIRA_DEMO.apiToken,
    pat: env.JIRA_PAT,
    webhookSecret: env.JIRA_WEBHOOK_SECRET ?? JIRA_DEMO.webhookSecret,
    webhookUrl: `${webhookBase}/jira`,
    dataFile: join(dataDir, 'jira.json'),
  });
  const feishuApp = {
    appId: env.FEISHU_APP_ID ?? FEISHU_SIMULATOR_DEMO_APP.appId,
    appSecret: env.FEISHU_APP_SECRET ?? FEISHU_SIMULATOR_DEMO_APP.appSecret,
    verificationToken: env.FEISHU_VERIFICATION_TOKEN ?? FEISHU_SIMULATOR_DEMO_APP.verificationToken,
    encryptKey: env.FEISHU_ENCRYPT_KEY ?? FEISHU_SIMULATOR_DEMO_APP.encryptKey,
  };
  const feishu = await startFeishuSimulator({
    port: PORTS.feishu,
    ...feishuApp,
    eventUrl: `${webhookBase}/feishu`,
    dataFile: join(dataDir, 'feishu.json'),
  });
  const dingtalk = await startDingTalkSimulator({
    port: PORTS.dingtalk,
    dataFile: join(dataDir, 'dingtalk.json'),
  });

  const lines = [
    'Simulators running (state in ' + dataDir + '):',
    `  Jira      ${jira.url}   control: ${jira.url}/_sim/...`,
    `  Feishu    ${feishu.url}   control: ${feishu.url}/_control/{calls,messages,uploads,events,documents}`,
    `  DingTalk  ${dingtalk.url}   control: ${dingtalk.url}/_control/{messages,calls}`,
    '',
    'Point Portico at them with (values from your environment are not repeated here):',
    `  JIRA_BASE_URL=${jira.url} JIRA_EMAIL=${env.JIRA_EMAIL ?? JIRA_DEMO.email}`,
    `  JIRA_API_TOKEN=${shown(env.JIRA_API_TOKEN, JIRA_DEMO.apiToken)} JIRA_WEBHOOK_SECRET=${shown(env.JIRA_WEBHOOK_SECRET, JIRA_DEMO.webhookSecret)}`,
    `  FEISHU_BASE_URL=${feishu.url} FEISHU_APP_ID=${feishuApp.appId} FEISHU_APP_SECRET=${shown(env.FEISHU_APP_SECRET, FEISHU_SIMULATOR_DEMO_APP.appSecret)}`,
    `  FEISHU_VERIFICATION_TOKEN=${shown(env.FEISHU_VERIFICATION_TOKEN, FEISHU_SIMULATOR_DEMO_APP.verificationToken)} FEISHU_ENCRYPT_KEY=${shown(env.FEISHU_ENCRYPT_KEY, FEISHU_SIMULATOR_DEMO_APP.encryptKey)}`,
    `  DingTalk robot webhook for a workspace: ${dingtalk.control.webhookUrl(DEFAULT_DINGTALK_ROBOT.accessToken)}`,
    `  with secret ${DEFAULT_DINGTALK_ROBOT.secret}`,
    '',
    `Events and webhooks are sent to ${webhookBase}/{jira,feishu}. Ctrl-C stops.`,
  ];
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void Promise.allSettled([jira.stop(), feishu.stop(), dingtalk.stop()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Could not start the simulators: ${(error as Error).message}\n`);
  process.exit(1);
});
