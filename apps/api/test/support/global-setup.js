// Without DATABASE_URL, every jest worker gets an in-memory PGlite of its own, started here because
// PGlite cannot load inside jest's module sandbox. Test files of one worker run one after another
// and each starts from an emptied schema (see test-database.ts).
require('ts-node').register({ transpileOnly: true });
const { startEmbeddedPostgres } = require('../../src/embedded/embedded-postgres');

module.exports = async function globalSetup(globalConfig) {
  if (process.env.DATABASE_URL) return;
  const count = Math.max(1, globalConfig.maxWorkers);
  const databases = [];
  for (let i = 0; i < count; i++) databases.push(await startEmbeddedPostgres());
  process.env.PORTICO_TEST_PGLITE_URLS = databases.map((d) => d.url).join(',');
  globalThis.__porticoPglite = databases;
};
