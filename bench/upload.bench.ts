/**
 * A large drawing (256 MiB by default) through the real upload flow, and the same bytes as a direct
 * multipart upload to the same S3-compatible server, in one run (docs/performance.md: the API never
 * holds the file in memory). What is compared is the user's wait: first byte sent → `complete`
 * answered ("uploaded"); the time until the background verification made the revision `available`
 * is reported beside it.
 *
 * The API runs compiled with source maps and the Node arguments and environment of `npm start`, as a child process of
 * its own, against PostgreSQL and S3 in other processes (DATABASE_URL, else PGlite in this process),
 * as in production; its peak RSS is the kernel's high-water mark (VmHWM), cross-checked by sampling VmRSS. The file is generated on the fly
 * (AES-CTR keystream, one part in memory at a time) and never touches the disk on the client side.
 *
 * It is uploaded twice by the same API process: first before the API has talked to Feishu, then after a
 * PM browsed the workspace's Feishu folder (the Feishu simulator in this process), which loads the Lark
 * SDK for the rest of the process's life — the state of a long-running API.
 *
 *   npm run bench upload            # BENCH_UPLOAD_MIB=256 by default; DATABASE_URL optional
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import * as argon2 from 'argon2';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../apps/api/src/embedded/embedded-postgres';
import { startEmbeddedS3 } from '../apps/api/src/embedded/embedded-s3';
import { MultipartPlan } from '../apps/api/src/storage/multipart-plan';
import { sha256Base64 } from '../apps/api/src/storage/part-checksums';
import {
  defaultFeishuSeed,
  FEISHU_SIMULATOR_DEMO_APP,
  startFeishuSimulator,
} from '../libs/connectors/src/feishu/testing';
import { PARALLEL_PARTS } from '../apps/portal/src/app/files/part-plan';
import { API_ENV, API_NODE_ARGS, compileApi, migrated } from './support/compiled-api';
import { keystreamSlice } from './support/keystream';

const ROOT = resolve(__dirname, '..');
const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_UPLOAD_MIB ?? 256) * MiB;
// As many parts in flight as the portal sends, for both uploads.
const PARALLEL = PARALLEL_PARTS;
const RSS_LIMIT_MB = 200;
const PASSWORD = 'bench-password-0123456789';
const KEY = Buffer.alloc(16, 7);
const PDF_TAIL = Buffer.from('\nendstream\nendobj\ntrailer << >>\n%%EOF\n', 'latin1');
const PDF_HEAD = (() => {
  const head = (length: number) => `%PDF-1.7\n1 0 obj << /Length ${length} >>\nstream\n`;
  const length = SIZE - head(SIZE).length - PDF_TAIL.length;
  return Buffer.from(head(length), 'latin1');
})();

/** Bytes [offset, offset+length) of the benchmark file: a PDF header, then an AES-CTR keystream. */
function slice(offset: number, length: number): Buffer {
  const bytes = keystreamSlice(KEY, offset, length);
  // The random bytes sit in one stream object, as binary does in a real PDF: outside a stream, a
  // gigabyte of random bytes spells `/JS` somewhere and the active-content check refuses the file.
  if (offset === 0) PDF_HEAD.copy(bytes);
  if (offset + length === SIZE) PDF_TAIL.copy(bytes, length - PDF_TAIL.length);
  return bytes;
}

/** What the portal's worker computes in one pass: the file's SHA-256 and each part's (base64). */
function hashFile(partSize: number): { sha256: string; partChecksums: string[] } {
  const hash = createHash('sha256');
  const partChecksums: string[] = [];
  for (let offset = 0; offset < SIZE; offset += partSize) {
    const part = slice(offset, Math.min(partSize, SIZE - offset));
    hash.update(part);
    partChecksums.push(sha256Base64(part));
  }
  return { sha256: hash.digest('hex'), partChecksums };
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Runs `jobs` with at most `limit` in flight. */
async function inParallel<T>(items: T[], limit: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await job(items[next++]);
    }),
  );
}

class RssSampler {
  peakSampledKb = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly pid: number) {}
  private field(name: string): number {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${this.pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) : 0;
  }
  start() {
    this.timer = setInterval(
      () => (this.peakSampledKb = Math.max(this.peakSampledKb, this.field('VmRSS'))),
      25,
    );
  }
  rssKb() {
    return this.field('VmRSS');
  }
  /** The kernel's own peak resident set of the process. */
  highWaterKb() {
    return this.field('VmHWM');
  }
  stop() {
    clearInterval(this.timer);
  }
}

async function startDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const name = `portico_bench_${Date.now()}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async stop() {
        const c = new Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  // PGlite in this process (not the API's), behind the same loopback socket `npm start` uses.
  const postgres = await startEmbeddedPostgres();
  return { url: postgres.url, stop: () => postgres.stop() };
}

async function startApi(
  main: string,
  outDir: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...API_NODE_ARGS, '-r', 'tsconfig-paths/register', main], {
    cwd: ROOT,
    // tsconfig-paths maps @portico/* to the compiled libraries under outDir.
    env: {
      ...API_ENV,
      ...process.env,
      // Node flags for the API only, e.g. BENCH_API_NODE_OPTIONS=--max-semi-space-size=4.
      NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS ?? '',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      TS_NODE_BASEURL: outDir,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
    const ready = await fetch(`${base}/api/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { child, base };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('API did not start within 150 s');
}

async function seed(
  databaseUrl: string,
  feishuFolderToken: string,
): Promise<{ workspaceId: string; uploadWorkspaceId: string; email: string; pmEmail: string }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
  const [internal] = (
    await db.query(`INSERT INTO organization (name, kind) VALUES ('Bench Inc', 'internal') RETURNING id`)
  ).rows;
  const [supplier] = (
    await db.query(`INSERT INTO organization (name, kind) VALUES ('Bench Supplier', 'supplier') RETURNING id`)
  ).rows;
  const user = (email: string, org: string, role: string) =>
    db.query(
      `INSERT INTO "user" (org_id, email, display_name, role, status, password_hash) VALUES ($1, $2, $2, $3, 'active', $4) RETURNING id`,
      [org, email, role, hash],
    );
  const [pm] = (await user('pm@bench.test', internal.id, 'pm')).rows;
  await user('supplier@bench.test', supplier.id, 'supplier_member');
  const [workspace] = (
    await db.query(
      `INSERT INTO workspace (name, supplier_org_id, owner_id, feishu_folder_token) VALUES ('Bench', $1, $2, $3) RETURNING id`,
      [supplier.id, pm.id, feishuFolderToken],
    )
  ).rows;
  // The drawings go to a workspace without a Feishu folder: no flow-back job runs during the measurement.
  const [uploads] = (
    await db.query(
      `INSERT INTO workspace (name, supplier_org_id, owner_id) VALUES ('Bench uploads', $1, $2) RETURNING id`,
      [supplier.id, pm.id],
    )
  ).rows;
  await db.end();
  return {
    workspaceId: workspace.id,
    uploadWorkspaceId: uploads.id,
    email: 'supplier@bench.test',
    pmEmail: 'pm@bench.test',
  };
}

async function api<T>(
  base: string,
  token: string | null,
  method: string,
  path: string,
  body?: object,
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface StartedRevision {
  revision: { seq: number };
  upload: {
    partSize: number;
    parts: { partNumber: number; size: number; url: string; headers: Record<string, string> }[];
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'portico-upload-bench-'));
  // Inside the project so the compiled API resolves its node_modules.
  const buildDir = join(ROOT, 'node_modules', '.cache', 'portico-upload-bench');
  const bucket = 'portico-bench';
  const s3 = await startEmbeddedS3(join(dir, 's3'), bucket);
  const feishuFolder = defaultFeishuSeed().folderToken;
  const feishu = await startFeishuSimulator({ ...FEISHU_SIMULATOR_DEMO_APP });
  const database = await startDatabase();
  let child: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  try {
    // The part size Portico's own plan will choose, so both uploads send the same requests.
    const partSize = new MultipartPlan(SIZE).partSize;
    process.stdout.write(
      `upload bench: ${SIZE / MiB} MiB, parts of ${partSize / MiB} MiB, ${PARALLEL} in flight\n`,
    );
    let t0 = Date.now();
    const { sha256, partChecksums } = hashFile(partSize);
    process.stdout.write(
      `  generated and hashed the file in ${((Date.now() - t0) / 1000).toFixed(1)} s (not counted)\n`,
    );

    // 1. Direct multipart upload with the SDK to the same server: the reference throughput, measured
    // before and after the first upload through Portico (the machine's speed drifts).
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const directUpload = async (key: string): Promise<number> => {
      const t1 = Date.now();
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
      const partNumbers = Array.from({ length: Math.ceil(SIZE / partSize) }, (_, i) => i + 1);
      const etags = new Map<number, string>();
      await inParallel(partNumbers, PARALLEL, async (n) => {
        const offset = (n - 1) * partSize;
        const out = await client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId,
            PartNumber: n,
            Body: slice(offset, Math.min(partSize, SIZE - offset)),
          }),
        );
        etags.set(n, out.ETag!);
      });
      const partsSeconds = (Date.now() - t1) / 1000;
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: partNumbers.map((n) => ({ PartNumber: n, ETag: etags.get(n) })) },
        }),
      );
      const seconds = (Date.now() - t1) / 1000;
      process.stdout.write(
        `  direct multipart upload: ${seconds.toFixed(1)} s (parts ${partsSeconds.toFixed(1)} s + complete ${(seconds - partsSeconds).toFixed(2)} s; load ${loadavg()[0].toFixed(1)})\n`,
      );
      return seconds;
    };
    const directBefore = await directUpload('direct/bench-1.pdf');

    // 2. The same bytes through Portico: start → PUT parts to presigned URLs → complete (server verifies).
    const { workspaceId, uploadWorkspaceId, email, pmEmail } = await seed(
      await migrated(database.url),
      feishuFolder,
    );
    t0 = Date.now();
    const main = join(compileApi(buildDir), 'apps/api/src/main.js');
    process.stdout.write(`  compiled the API in ${((Date.now() - t0) / 1000).toFixed(1)} s (not counted)\n`);
    const env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '4',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: bucket,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PUBLIC_URL: 'https://portico.bench.test',
      DATA_DIR: join(dir, 'data'),
      FEISHU_BASE_URL: feishu.url,
      FEISHU_APP_ID: FEISHU_SIMULATOR_DEMO_APP.appId,
      FEISHU_APP_SECRET: FEISHU_SIMULATOR_DEMO_APP.appSecret,
      FEISHU_VERIFICATION_TOKEN: FEISHU_SIMULATOR_DEMO_APP.verificationToken,
      FEISHU_ENCRYPT_KEY: FEISHU_SIMULATOR_DEMO_APP.encryptKey,
    };
    // The API answers the user; the background verification runs in a worker process, as deployed
    // with split roles. Both peaks are measured.
    const started = await startApi(main, buildDir, { ...env, ROLE: 'api' });
    child = started.child;
    const startedWorker = await startApi(main, buildDir, { ...env, ROLE: 'worker' });
    worker = startedWorker.child;
    const workerSampler = new RssSampler(worker.pid!);
    const base = started.base;
    const signIn = (who: string) =>
      api<{ accessToken: string }>(base, null, 'POST', '/api/v1/auth/login', {
        email: who,
        password: PASSWORD,
      }).then((r) => r.accessToken);
    const accessToken = await signIn(email);
    const pmToken = await signIn(pmEmail);
    const newFile = (documentNumber: string) =>
      api<{ id: string }>(base, accessToken, 'POST', `/api/v1/workspaces/${uploadWorkspaceId}/files`, {
        documentNumber,
        title: 'Bench drawing',
      });
    const files = [await newFile('BENCH-1'), await newFile('BENCH-2')];
    const sampler = new RssSampler(child.pid!);
    // Start-up and sign-in (argon2id takes 64 MiB by design) are not the upload: note their peak.
    const startupPeakMb = sampler.highWaterKb() / 1024;

    /** One upload of the file; its peak is measured from a reset kernel high-water mark. */
    const uploadOnce = async (fileId: string) => {
      writeFileSync(`/proc/${child!.pid}/clear_refs`, '5');
      writeFileSync(`/proc/${worker!.pid}/clear_refs`, '5');
      const idleRssMb = sampler.rssKb() / 1024;
      const workerIdleMb = workerSampler.rssKb() / 1024;
      sampler.peakSampledKb = 0;
      workerSampler.peakSampledKb = 0;
      sampler.start();
      workerSampler.start();
      const t1 = Date.now();
      const start = await api<StartedRevision>(
        base,
        accessToken,
        'POST',
        `/api/v1/files/${fileId}/revisions`,
        { fileName: 'bench.pdf', size: SIZE, sha256, partSize, partChecksums },
      );
      const startSeconds = (Date.now() - t1) / 1000;
      const parts: { partNumber: number; etag: string }[] = [];
      await inParallel(start.upload.parts, PARALLEL, async (part) => {
        const offset = (part.partNumber - 1) * start.upload.partSize;
        const res = await fetch(part.url, {
          method: 'PUT',
          body: slice(offset, part.size),
          headers: part.headers,
        });
        if (!res.ok) throw new Error(`part ${part.partNumber}: ${res.status}`);
        parts.push({ partNumber: part.partNumber, etag: res.headers.get('etag')! });
      });
      const partsSeconds = (Date.now() - t1) / 1000;
      const afterPartsMb = sampler.highWaterKb() / 1024;
      const completed = await api<{ state: string }>(
        base,
        accessToken,
        'POST',
        `/api/v1/files/${fileId}/revisions/${start.revision.seq}/complete`,
        { parts },
      );
      const seconds = (Date.now() - t1) / 1000;
      // The revision becomes available once the background job has read it back.
      let state = completed.state;
      let reason: string | null = null;
      while (state === 'verifying' || state === 'scanning') {
        await new Promise((r) => setTimeout(r, 100));
        const detail = await api<{
          revisions: { seq: number; state: string; rejectionReason: string | null }[];
        }>(base, accessToken, 'GET', `/api/v1/files/${fileId}`);
        const revision = detail.revisions.find((r) => r.seq === start.revision.seq)!;
        state = revision.state;
        reason = revision.rejectionReason;
      }
      const availableSeconds = (Date.now() - t1) / 1000;
      sampler.stop();
      workerSampler.stop();
      const workerPeakMb = Math.max(workerSampler.highWaterKb(), workerSampler.peakSampledKb) / 1024;
      if (state !== 'available') throw new Error(`revision ended ${state}: ${reason}`);
      const peakMb = Math.max(sampler.highWaterKb(), sampler.peakSampledKb) / 1024;
      return {
        seconds,
        availableSeconds,
        startSeconds,
        partsSeconds,
        afterPartsMb,
        peakMb,
        idleRssMb,
        partSize: start.upload.partSize,
        stateAtComplete: completed.state,
        workerIdleMb,
        workerPeakMb,
      };
    };

    const first = await uploadOnce(files[0].id);
    const directAfter = await directUpload('direct/bench-2.pdf');
    client.destroy();
    const directSeconds = (directBefore + directAfter) / 2;
    process.stdout.write(
      `  first upload: user's wait ${first.seconds.toFixed(1)} s (load ${loadavg()[0].toFixed(1)}), available after ${first.availableSeconds.toFixed(1)} s, API peak ${first.peakMb.toFixed(0)} MB, worker ${first.workerIdleMb.toFixed(0)} → ${first.workerPeakMb.toFixed(0)} MB\n`,
    );
    // A PM browses the workspace's Feishu folder: the API loads the Lark SDK and keeps it.
    const beforeFeishuMb = sampler.rssKb() / 1024;
    const folder = await api<{ items: unknown[] }>(
      base,
      pmToken,
      'GET',
      `/api/v1/workspaces/${workspaceId}/sources/feishu?limit=50`,
    );
    if (folder.items.length === 0) throw new Error('the Feishu folder listed no documents');
    const afterFeishuMb = sampler.rssKb() / 1024;
    const second = await uploadOnce(files[1].id);
    const portalSeconds = first.seconds;
    const partsSeconds = first.partsSeconds;
    const peakMb = first.peakMb;
    const worstPeakMb = Math.max(first.peakMb, second.peakMb);

    const result = {
      sizeMiB: SIZE / MiB,
      directSeconds,
      portalSeconds,
      portalPartsSeconds: partsSeconds,
      portalCompleteSeconds: portalSeconds - partsSeconds,
      portalAvailableSeconds: first.availableSeconds,
      stateAtComplete: first.stateAtComplete,
      directRunsSeconds: [directBefore, directAfter],
      throughputRatio: directSeconds / portalSeconds,
      directMiBps: SIZE / MiB / directSeconds,
      portalMiBps: SIZE / MiB / portalSeconds,
      apiStartupAndLoginPeakRssMb: startupPeakMb,
      workerIdleRssMb: first.workerIdleMb,
      workerPeakRssMb: first.workerPeakMb,
      apiIdleRssMb: first.idleRssMb,
      apiPeakRssMb: peakMb,
      apiPeakRssBeforeCompleteMb: first.afterPartsMb,
      apiRssBeforeFeishuMb: beforeFeishuMb,
      apiRssAfterFeishuMb: afterFeishuMb,
      withLarkSdk: {
        portalSeconds: second.seconds,
        portalPartsSeconds: second.partsSeconds,
        portalAvailableSeconds: second.availableSeconds,
        apiIdleRssMb: second.idleRssMb,
        apiPeakRssMb: second.peakMb,
        apiPeakRssBeforeCompleteMb: second.afterPartsMb,
      },
      loadAverage: loadavg(),
      rssLimitMb: RSS_LIMIT_MB,
      partSizeMiB: first.partSize / MiB,
      parallelParts: PARALLEL,
      apiNodeOptions: process.env.BENCH_API_NODE_OPTIONS ?? '',
    };
    const rssLine = (label: string, u: typeof first) =>
      `  API RSS ${label}: before ${u.idleRssMb.toFixed(0)} MB, peak while parts went to storage ${u.afterPartsMb.toFixed(0)} MB, peak during the upload ${u.peakMb.toFixed(0)} MB (limit ${RSS_LIMIT_MB} MB)`;
    process.stdout.write(
      [
        `  through Portico, user's wait (first byte → complete answered '${first.stateAtComplete}'): ${portalSeconds.toFixed(1)} s (start ${first.startSeconds.toFixed(2)} s + parts ${(partsSeconds - first.startSeconds).toFixed(1)} s + complete ${(portalSeconds - partsSeconds).toFixed(2)} s)`,
        `  available after the background verification: ${first.availableSeconds.toFixed(1)} s from the first byte`,
        `  direct: ${directBefore.toFixed(1)} s before, ${directAfter.toFixed(1)} s after → ${directSeconds.toFixed(1)} s`,
        `  ratio direct / Portico (user's wait): ${result.throughputRatio.toFixed(2)} (${result.portalMiBps.toFixed(0)} vs ${result.directMiBps.toFixed(0)} MiB/s; target ≥ 0.9)`,
        rssLine('before any Feishu call', first),
        `  worker RSS (background verification): before ${first.workerIdleMb.toFixed(0)} MB, peak ${first.workerPeakMb.toFixed(0)} MB; with the Lark SDK in the API: ${second.workerIdleMb.toFixed(0)} → ${second.workerPeakMb.toFixed(0)} MB`,
        `  a PM listed the Feishu folder (Lark SDK loaded): API RSS ${beforeFeishuMb.toFixed(0)} → ${afterFeishuMb.toFixed(0)} MB`,
        `  second upload, with the Lark SDK loaded: ${second.seconds.toFixed(1)} s (parts ${second.partsSeconds.toFixed(1)} s), available after ${second.availableSeconds.toFixed(1)} s`,
        rssLine('with the Lark SDK loaded', second),
        `  start-up + sign-in peak ${startupPeakMb.toFixed(0)} MB; load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
        '',
      ].join('\n'),
    );
    if (process.env.BENCH_RESULTS_DIR)
      writeFileSync(
        join(process.env.BENCH_RESULTS_DIR, 'upload.json'),
        JSON.stringify(result, null, 2) + '\n',
      );
    if (worstPeakMb > RSS_LIMIT_MB) {
      process.stderr.write(`FAIL: API peak RSS ${worstPeakMb.toFixed(0)} MB exceeds ${RSS_LIMIT_MB} MB\n`);
      process.exitCode = 1;
    }
  } finally {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker!.once('exit', r));
    }
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    await database.stop();
    await s3.stop();
    await feishu.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  }
}

/** Applies the migrations so the data can be seeded before the API starts; returns the URL. */
main().catch((error) => {
  process.stderr.write(`upload bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
