module.exports = async function globalTeardown() {
  for (const { db, server } of globalThis.__porticoPglite ?? []) {
    await server.stop();
    await db.close();
  }
};
