import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// pdf.js is an ES module jest does not load; a child Node reads the PDF the way the portal's viewer does.
const EXTRACT = `
const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
const { readFileSync } = await import('node:fs');
const doc = await getDocument({ data: new Uint8Array(readFileSync(process.argv[1])), verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const content = await (await doc.getPage(n)).getTextContent();
  pages.push(content.items.map((item) => item.str).join(' '));
}
process.stdout.write(JSON.stringify(pages));
`;

/** The text of each page of a PDF as pdf.js extracts it. */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-text-'));
  try {
    const path = join(dir, 'doc.pdf');
    await writeFile(path, bytes);
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', EXTRACT, path], {
      cwd: process.cwd(),
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout) as string[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
