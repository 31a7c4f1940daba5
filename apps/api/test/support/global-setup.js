// Without DATABASE_URL, every jest worker gets an in-memory PGlite of its own, started here because
// PGlite cannot load inside jest's module sandbox. Test files of one worker run one after another
// and each starts from an emptied schema (see test-database.ts).
const { PGlite } = require('@electric-sql/pglite');
const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');

module.exports = async function globalSetup(globalConfig) {
  if (process.env.DATABASE_URL) return;
  const count = Math.max(1, globalConfig.maxWorkers);
  const servers = [];
  for (let i = 0; i < count; i++) {
    const db = await PGlite.create();
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 32 });
    await server.start();
    servers.push({ db, server });
  }
  process.env.PORTICO_TEST_PGLITE_URLS = servers
    .map(({ server }) => `postgres://postgres:postgres@${server.getServerConn()}/postgres`)
    .join(',');
  globalThis.__porticoPglite = servers;
};
