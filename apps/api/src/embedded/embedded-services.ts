import { join, resolve } from 'node:path';
import { AppConfig, kingdeeConfigOf } from '../config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startEmbeddedS3 } from './embedded-s3';

/** Credentials of the built-in Jira simulator; the same values `npm run simulators` prints. */
export const JIRA_SIMULATOR_DEMO = {
  email: 'portico-bot@portico.example',
  apiToken: 'portico-demo-jira-api-token',
  webhookSecret: 'portico-demo-jira-webhook-secret',
} as const;

/** What EGRESS_ALLOW_PRIVATE_HOSTS means in a development start when it is unset. */
export const LOOPBACK_HOSTS = ['127.0.0.0/8', '::1', 'localhost'] as const;

export interface EmbeddedServices {
  /** The configuration with every embedded service's address filled in. */
  config: AppConfig;
  /** Human-readable lines for the start-up banner. */
  notes: string[];
  stop(): Promise<void>;
}

/**
 * Starts a local stand-in for every external service whose variables are unset (docs/configuration.md),
 * so one command runs Portico on a laptop. Production sets the variables and nothing starts here.
 */
export async function startEmbeddedServices(config: AppConfig): Promise<EmbeddedServices> {
  const dataDir = resolve(config.dataDir);
  const stops: Array<() => Promise<void>> = [];
  const notes: string[] = [];
  const resolved: AppConfig = {
    ...config,
    s3: { ...config.s3 },
    raw: { ...config.raw },
    simulated: { ...config.simulated },
    egress: { ...config.egress },
  };
  try {
    // The simulators listen on loopback (`npm run simulators` serves the DingTalk robot), which the
    // egress policy refuses unless allowed; an explicit EGRESS_ALLOW_PRIVATE_HOSTS wins.
    if (config.env !== 'production' && !config.egress.allowPrivateHosts.length) {
      resolved.egress.allowPrivateHosts = [...LOOPBACK_HOSTS];
      notes.push(`egress: loopback allowed for the simulators (${LOOPBACK_HOSTS.join(', ')})`);
    }
    if (!config.databaseUrl) {
      const postgres = await startEmbeddedPostgres(join(dataDir, 'pglite'));
      stops.push(() => postgres.stop());
      resolved.databaseUrl = postgres.url;
      // PGlite runs one statement at a time however many connections share it.
      resolved.databasePoolSize = Math.min(config.databasePoolSize, 4);
      notes.push(`database: embedded PGlite in ${join(dataDir, 'pglite')}`);
    }
    if (!config.s3.endpoint) {
      const s3 = await startEmbeddedS3(join(dataDir, 's3'), config.s3.bucket);
      stops.push(() => s3.stop());
      resolved.s3.endpoint = s3.endpoint;
      notes.push(`storage: embedded S3 at ${s3.endpoint} in ${join(dataDir, 's3')}`);
    }
    // Simulators make a laptop demo complete; in production an unset system simply stays off.
    if (config.env !== 'production' && !config.raw.JIRA_BASE_URL) {
      // The simulators (with the Jira OpenAPI validator) load only here: production never starts them.
      // Relative paths: the build rewrites the @portico alias in static imports only, not in import().
      const { startJiraSimulator } = await import('../../../../libs/connectors/src/jira/testing');
      const jira = await startJiraSimulator({
        ...JIRA_SIMULATOR_DEMO,
        webhookUrl: `${config.publicUrl}/api/v1/webhooks/jira`,
        dataFile: join(dataDir, 'simulators', 'jira.json'),
      });
      stops.push(() => jira.stop());
      resolved.raw = {
        ...resolved.raw,
        JIRA_BASE_URL: jira.url,
        JIRA_EMAIL: JIRA_SIMULATOR_DEMO.email,
        JIRA_API_TOKEN: JIRA_SIMULATOR_DEMO.apiToken,
        JIRA_PAT: undefined,
        JIRA_WEBHOOK_SECRET: JIRA_SIMULATOR_DEMO.webhookSecret,
      };
      resolved.simulated.jira = true;
      notes.push(`jira: built-in simulator at ${jira.url} (demo project HW)`);
    }
    if (config.env !== 'production' && !config.raw.FEISHU_BASE_URL) {
      const { FEISHU_SIMULATOR_DEMO_APP, startFeishuSimulator } =
        await import('../../../../libs/connectors/src/feishu/testing');
      const feishu = await startFeishuSimulator({
        ...FEISHU_SIMULATOR_DEMO_APP,
        eventUrl: `${config.publicUrl}/api/v1/webhooks/feishu`,
        dataFile: join(dataDir, 'simulators', 'feishu.json'),
      });
      stops.push(() => feishu.stop());
      resolved.raw = {
        ...resolved.raw,
        FEISHU_BASE_URL: feishu.url,
        FEISHU_APP_ID: FEISHU_SIMULATOR_DEMO_APP.appId,
        FEISHU_APP_SECRET: FEISHU_SIMULATOR_DEMO_APP.appSecret,
        FEISHU_VERIFICATION_TOKEN: FEISHU_SIMULATOR_DEMO_APP.verificationToken,
        FEISHU_ENCRYPT_KEY: FEISHU_SIMULATOR_DEMO_APP.encryptKey,
      };
      resolved.simulated.feishu = true;
      notes.push(`feishu: built-in simulator at ${feishu.url} (demo documents)`);
    }
    if (config.env !== 'production' && !config.raw.KINGDEE_BASE_URL) {
      const { DEFAULT_KINGDEE_ACCT_ID, DEFAULT_KINGDEE_APP, startKingdeeSimulator } =
        await import('../../../../libs/connectors/src/kingdee/testing');
      const kingdee = await startKingdeeSimulator();
      stops.push(() => kingdee.stop());
      resolved.raw = {
        ...resolved.raw,
        KINGDEE_BASE_URL: kingdee.url,
        KINGDEE_ACCT_ID: DEFAULT_KINGDEE_ACCT_ID,
        KINGDEE_USERNAME: DEFAULT_KINGDEE_APP.username,
        KINGDEE_APP_ID: DEFAULT_KINGDEE_APP.appId,
        KINGDEE_APP_SECRET: DEFAULT_KINGDEE_APP.appSecret,
        KINGDEE_PASSWORD: undefined,
      };
      resolved.kingdee = kingdeeConfigOf(resolved.raw);
      notes.push(`kingdee: built-in simulator at ${kingdee.url} (demo suppliers VEN00101, VEN00102)`);
    }
  } catch (error) {
    await stopAll(stops);
    throw error;
  }
  return { config: resolved, notes, stop: () => stopAll(stops) };
}

async function stopAll(stops: Array<() => Promise<void>>): Promise<void> {
  for (const stop of stops.reverse()) {
    await stop().catch(() => undefined);
  }
}
