'use strict';
/**
 * The services a multi-process test runs beside Portico, each in a process of its own and from the
 * built output (`npm run build:api`): `node cluster-services.js s3 <dir> <bucket>` or
 * `node cluster-services.js simulators <json options>`. Prints one line `READY <json>` with the addresses.
 */
const { join } = require('node:path');
const { API_MAIN } = require('../../../../scripts/build-if-stale');

const DIST = join(API_MAIN, '..', '..', '..', '..');

async function main() {
  const [kind, ...args] = process.argv.slice(2);
  if (kind === 's3') {
    const { startEmbeddedS3 } = require(join(DIST, 'apps/api/src/embedded/embedded-s3'));
    const s3 = await startEmbeddedS3(args[0], args[1]);
    return { endpoint: s3.endpoint };
  }
  if (kind === 'simulators') {
    const options = JSON.parse(args[0]);
    const { startJiraSimulator } = require(join(DIST, 'libs/connectors/src/jira/testing'));
    const { startFeishuSimulator } = require(join(DIST, 'libs/connectors/src/feishu/testing'));
    const jira = await startJiraSimulator(options.jira);
    const feishu = await startFeishuSimulator(options.feishu);
    return { jira: jira.url, feishu: feishu.url };
  }
  throw new Error(`unknown service ${kind}`);
}

main().then(
  (addresses) => process.stdout.write(`READY ${JSON.stringify(addresses)}\n`),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
