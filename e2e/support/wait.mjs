/** Waiting for asynchronous effects (the sync queue, Jira) to show through the API or the page. */

/** Polls `read` until it returns something truthy and returns that, failing after `timeoutMs`. */
export async function eventually(what, read, { timeoutMs = 60_000, intervalMs = 1000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
