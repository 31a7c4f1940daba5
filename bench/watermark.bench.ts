/**
 * `npm run bench watermark`: peak memory of stamping a 200-page, ~100 MB PDF the way the API does
 * (read the stored object once into a buffer of its size, stamp as an incremental update, hash and
 * write the parts out). The stamping runs in a child process whose resting RSS is taken after a warm-up
 * stamp; its peak (VmHWM, reset before the run) above resting is compared with the file size. Baseline,
 * in the same run: the same child only reading the file into its buffer and writing it out (1× the file).
 * Exit 1 when the stamp's peak above resting exceeds 2× the file size (docs/performance.md).
 * Then the same for a JPEG at the largest size stamped (IMAGE_MAX_PIXELS), against a baseline that
 * decodes and re-encodes it without a stamp; reported, not gated.
 */
import { execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { IMAGE_MAX_PIXELS, stampImage } from '../apps/api/src/download-policy/image-stamp';
import { stampPdf } from '../apps/api/src/download-policy/pdf-stamp';

type Mode = 'stamp' | 'copy' | 'image-stamp' | 'image-copy';

const PAGES = Number(process.env.BENCH_WATERMARK_PAGES ?? 200);
const MIB = Number(process.env.BENCH_WATERMARK_MIB ?? 100);
const facts = {
  organisation: 'Acme Precision Parts',
  email: 'ana@acme.example',
  at: new Date(),
  documentNumber: 'D-BENCH',
  revisionLabel: 'C',
  transmittal: 'ACME-T-0001',
};

/** A noisy JPEG of IMAGE_MAX_PIXELS (4:3), a worst case for its encoded size. */
async function generateImage(path: string): Promise<{ width: number; height: number }> {
  const width = Math.floor(Math.sqrt((IMAGE_MAX_PIXELS * 4) / 3));
  const height = Math.floor(IMAGE_MAX_PIXELS / width);
  await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 30 },
    },
  })
    .jpeg({ quality: 85 })
    .toFile(path);
  return { width, height };
}

/** A PDF of PAGES pages, each with an uncompressed grey image of random pixels (incompressible bulk). */
async function generate(path: string): Promise<void> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const perPage = Math.floor((MIB * 1024 * 1024) / PAGES);
  const width = 1000;
  const height = Math.max(1, Math.floor(perPage / width));
  for (let n = 1; n <= PAGES; n++) {
    const image = doc.context.register(
      doc.context.stream(randomBytes(width * height), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: width,
        Height: height,
        ColorSpace: 'DeviceGray',
        BitsPerComponent: 8,
      }),
    );
    const page = doc.addPage([842, 595]);
    page.drawText(`Sheet ${n} of ${PAGES}`, { x: 40, y: 560, size: 14, font });
    const name = page.node.newXObject('Im', image);
    const draw = `q 760 0 0 ${((760 * height) / width).toFixed(2)} 40 20 cm /${name.asString().slice(1)} Do Q`;
    page.node.normalizedEntries().Contents!.push(doc.context.register(doc.context.stream(draw)));
  }
  writeFileSync(path, await doc.save({ useObjectStreams: false }));
}

function vm(field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
}

/** The child: warm up, note resting RSS, reset the peak, do one run, report. */
async function child(mode: Mode, input: string, output: string): Promise<void> {
  const small = await PDFDocument.create();
  small.addPage();
  await stampPdf(await small.save(), facts); // loads pdf-lib and the stamp font
  await stampImage(
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ccc' } })
      .png()
      .toBuffer(),
    'png',
    facts,
  );
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const resting = vm('VmRSS');
  writeFileSync('/proc/self/clear_refs', '5');
  const started = process.hrtime.bigint();
  const size = statSync(input).size;
  const buffer = Buffer.allocUnsafe(size);
  let at = 0;
  for await (const chunk of createReadStream(input, {
    highWaterMark: 1024 * 1024,
  }) as AsyncIterable<Buffer>) {
    chunk.copy(buffer, at);
    at += chunk.length;
  }
  const parts =
    mode === 'stamp'
      ? (await stampPdf(buffer, facts)).parts
      : mode === 'image-stamp'
        ? (await stampImage(buffer, 'jpeg', facts)).parts
        : mode === 'image-copy'
          ? [await sharp(buffer).autoOrient().jpeg({ quality: 90 }).toBuffer()]
          : [buffer];
  const out = createWriteStream(output);
  for (const part of parts)
    if (!out.write(part)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  out.end();
  await finished(out);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.send!({ resting, peak: vm('VmHWM'), seconds, size, outSize: statSync(output).size });
}

interface Result {
  resting: number;
  peak: number;
  seconds: number;
  size: number;
  outSize: number;
}

function measure(mode: Mode, input: string, output: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const proc = fork(__filename, ['--child', mode, input, output], {
      execArgv: [...process.execArgv, '--expose-gc'],
      env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '65536' },
    });
    proc.once('message', (message) => resolve(message as Result));
    proc.once('exit', (code) => (code ? reject(new Error(`child exited ${code}`)) : undefined));
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    await child(process.argv[3] as Mode, process.argv[4], process.argv[5]);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'watermark-bench-'));
  try {
    const input = join(dir, 'drawing.pdf');
    await generate(input);
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    const copy = await measure('copy', input, join(dir, 'copy.pdf'));
    const stamp = await measure('stamp', input, join(dir, 'stamped.pdf'));
    const check = execFileSync(
      process.execPath,
      [
        '-e',
        `require('pdf-lib').PDFDocument.load(require('fs').readFileSync(process.argv[1])).then(d => console.log(d.getPageCount()))`,
        join(dir, 'stamped.pdf'),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    ).trim();
    const above = (r: Result) => r.peak - r.resting;
    const ratio = above(stamp) / stamp.size;
    console.log(
      `watermark: ${PAGES} pages, file ${mb(stamp.size)}, stamped copy ${mb(stamp.outSize)} (${check} pages)`,
    );
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `baseline (read into buffer + write): resting ${mb(copy.resting)}, peak ${mb(copy.peak)}, above resting ${mb(above(copy))} (${(above(copy) / copy.size).toFixed(2)}× file), ${copy.seconds.toFixed(2)} s`,
    );
    console.log(
      `stamp: resting ${mb(stamp.resting)}, peak ${mb(stamp.peak)}, above resting ${mb(above(stamp))} (${ratio.toFixed(2)}× file; baseline ${(above(copy) / copy.size).toFixed(2)}×), ${stamp.seconds.toFixed(2)} s`,
    );
    console.log(`target: peak above resting ≤ 2× file size → ${ratio <= 2 ? 'met' : 'MISSED'}`);
    process.exitCode = ratio <= 2 ? 0 : 1;

    const jpeg = join(dir, 'scan.jpg');
    const { width, height } = await generateImage(jpeg);
    const decoded = width * height * 3;
    const plain = await measure('image-copy', jpeg, join(dir, 'plain.jpg'));
    const stamped = await measure('image-stamp', jpeg, join(dir, 'stamped.jpg'));
    const line = (name: string, r: Result) =>
      `${name}: resting ${mb(r.resting)}, peak ${mb(r.peak)}, above resting ${mb(above(r))} (${(above(r) / decoded).toFixed(2)}× decoded RGB), ${r.seconds.toFixed(2)} s`;
    console.log(
      `image: ${width} × ${height} JPEG, file ${mb(plain.size)}, decoded RGB ${mb(decoded)}, stamped ${mb(stamped.outSize)}`,
    );
    console.log(line('baseline (decode + re-encode)', plain));
    console.log(line('stamp', stamped));
    console.log(
      `stamp / baseline: memory ${(above(stamped) / above(plain)).toFixed(2)}×, time ${(stamped.seconds / plain.seconds).toFixed(2)}×`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
