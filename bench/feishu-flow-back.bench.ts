/**
 * Memory of a drawing's flow-back to Feishu Drive (docs/performance.md "Feishu flow-back"): a worker
 * process streams a stored object (256 MiB by default) from the S3-compatible server into Feishu's
 * chunked upload (upload_prepare / upload_part / upload_finish, here the Feishu simulator, which
 * refuses what Feishu refuses). The baseline, in the same process and run, is the same object read
 * from storage and hashed: what any job that reads a drawing costs.
 *
 * The worker runs compiled (bench/flow-back.server.ts) with the Node arguments and environment of
 * `npm start`; S3 and the simulator run in this process. Peaks are the kernel's VmHWM of the worker.
 *
 *   npm run bench feishu-flow-back        # BENCH_FLOW_BACK_MIB=256 by default
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startEmbeddedS3 } from '../apps/api/src/embedded/embedded-s3';
import {
  defaultFeishuSeed,
  FEISHU_SIMULATOR_DEMO_APP,
  startFeishuSimulator,
} from '../libs/connectors/src/feishu/testing';
import { API_ENV, API_NODE_ARGS, compileApi } from './support/compiled-api';
import { keystreamSlice } from './support/keystream';

const ROOT = resolve(__dirname, '..');
const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_FLOW_BACK_MIB ?? 256) * MiB;
const PART = 8 * MiB;
const KEY = Buffer.alloc(16, 9);

/** Bytes [offset, offset+length) of the benchmark file. */
const slice = (offset: number, length: number) => keystreamSlice(KEY, offset, length);

interface PhaseLine {
  phase: string;
  restKb: number;
  peakKb: number;
  seconds: number;
  sha256?: string;
  fileToken?: string;
  method?: string;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'portico-flow-back-bench-'));
  const buildDir = join(ROOT, 'node_modules', '.cache', 'portico-flow-back-bench');
  const bucket = 'portico-bench';
  const s3 = await startEmbeddedS3(join(dir, 's3'), bucket);
  const feishu = await startFeishuSimulator({ ...FEISHU_SIMULATOR_DEMO_APP });
  const folder = defaultFeishuSeed().folderToken;
  try {
    process.stdout.write(`feishu flow-back bench: ${SIZE / MiB} MiB\n`);
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const key = 'ws/bench/files/drawing.pdf';
    const hash = createHash('sha256');
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const parts: { PartNumber: number; ETag?: string }[] = [];
    for (let offset = 0, n = 1; offset < SIZE; offset += PART, n++) {
      const body = slice(offset, Math.min(PART, SIZE - offset));
      hash.update(body);
      const out = await client.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: n, Body: body }),
      );
      parts.push({ PartNumber: n, ETag: out.ETag });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    const sha256 = hash.digest('hex');
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: 3600,
    });
    client.destroy();

    const t0 = Date.now();
    const outDir = compileApi(buildDir);
    process.stdout.write(`  compiled in ${((Date.now() - t0) / 1000).toFixed(1)} s (not counted)\n`);
    const child = spawn(
      process.execPath,
      [...API_NODE_ARGS, '-r', 'tsconfig-paths/register', join(outDir, 'bench/flow-back.server.js')],
      {
        cwd: ROOT,
        env: {
          ...API_ENV,
          ...process.env,
          NODE_OPTIONS: '',
          TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
          TS_NODE_BASEURL: outDir,
          BENCH_OBJECT_URL: url,
          BENCH_SIZE: String(SIZE),
          BENCH_FOLDER: folder,
          FEISHU_BASE_URL: feishu.url,
          FEISHU_APP_ID: FEISHU_SIMULATOR_DEMO_APP.appId,
          FEISHU_APP_SECRET: FEISHU_SIMULATOR_DEMO_APP.appSecret,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    if (code !== 0) throw new Error(`the worker exited with ${code}`);
    const lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as PhaseLine);
    const read = lines.find((l) => l.phase === 'read')!;
    const flowBack = lines.find((l) => l.phase === 'flow-back')!;
    if (read.sha256 !== sha256) throw new Error('the worker read other bytes than were stored');
    const stored = feishu.control.uploads().find((u) => u.file_token === flowBack.fileToken);
    if (!stored || stored.size !== SIZE || stored.sha256 !== sha256)
      throw new Error('Feishu did not receive the drawing intact');
    const mb = (kb: number) => (kb / 1024).toFixed(0);
    const above = (l: PhaseLine) => (l.peakKb - l.restKb) / 1024;
    process.stdout.write(
      [
        `  baseline, read and hash the object: ${read.seconds.toFixed(1)} s, worker RSS ${mb(read.restKb)} → peak ${mb(read.peakKb)} MB (+${above(read).toFixed(0)} MB)`,
        `  flow-back to Feishu (${flowBack.method}, ${stored.parts} parts): ${flowBack.seconds.toFixed(1)} s, worker RSS ${mb(flowBack.restKb)} → peak ${mb(flowBack.peakKb)} MB (+${above(flowBack).toFixed(0)} MB)`,
        `  above rest, flow-back / baseline: ${(above(flowBack) / Math.max(1, above(read))).toFixed(2)}; × file size: ${(above(flowBack) / (SIZE / MiB)).toFixed(2)}`,
        `  load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
        '',
      ].join('\n'),
    );
  } finally {
    await s3.stop();
    await feishu.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(
    `feishu flow-back bench failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
});
