/**
 * The worker side of the Feishu flow-back bench (bench/feishu-flow-back.bench.ts starts it, compiled,
 * with the Node arguments of `npm start`): what the `files.upload-to-feishu` job does with a stored
 * drawing (apps/api/src/feedback/revision-delivery.ts: a presigned GET streamed into the Feishu
 * client's upload), and as its baseline the same GET read to the end and hashed. Each phase starts from
 * a reset kernel high-water mark (VmHWM) and prints one JSON line.
 * Environment: BENCH_OBJECT_URL (presigned GET), BENCH_SIZE, BENCH_FOLDER, FEISHU_BASE_URL,
 * FEISHU_APP_ID, FEISHU_APP_SECRET.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createFeishuClient } from '../libs/connectors/src/feishu/lark-feishu-client';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const statusKb = (field: string): number =>
  Number(
    new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0,
  );

/** As RevisionDelivery.openStream: the object's bytes as a Node stream of a fetch response. */
async function openStream(): Promise<Readable> {
  const response = await fetch(env('BENCH_OBJECT_URL'));
  if (!response.ok || !response.body) throw new Error(`object storage answered ${response.status}`);
  return Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
}

async function phase(name: string, run: () => Promise<object>): Promise<void> {
  global.gc?.();
  const restKb = statusKb('VmRSS');
  writeFileSync('/proc/self/clear_refs', '5');
  const t0 = Date.now();
  const result = await run();
  const line = {
    phase: name,
    restKb,
    peakKb: statusKb('VmHWM'),
    seconds: (Date.now() - t0) / 1000,
    ...result,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const size = Number(env('BENCH_SIZE'));
  const folderToken = env('BENCH_FOLDER');
  const feishu = createFeishuClient({
    baseUrl: env('FEISHU_BASE_URL'),
    appId: env('FEISHU_APP_ID'),
    appSecret: env('FEISHU_APP_SECRET'),
    timeoutMs: 120_000,
  });
  // Loads the Lark SDK and fetches the tenant token before measuring, as a worker that ran jobs has.
  await feishu.listFolderPage(folderToken, {});

  await phase('read', async () => {
    const hash = createHash('sha256');
    for await (const chunk of await openStream()) hash.update(chunk as Buffer);
    return { sha256: hash.digest('hex') };
  });
  await phase('flow-back', async () => {
    const content = await openStream();
    try {
      const { fileToken, method } = await feishu.uploadFile({
        folderToken,
        fileName: 'BENCH-1_revA.pdf',
        size,
        content,
      });
      return { fileToken, method };
    } finally {
      content.destroy();
    }
  });
}

main().catch((error) => {
  process.stderr.write(`flow-back server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
