module.exports = async function globalTeardown() {
  for (const database of globalThis.__porticoPglite ?? []) await database.stop();
};
