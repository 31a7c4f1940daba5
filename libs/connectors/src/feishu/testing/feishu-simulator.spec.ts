import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFeishuClient } from '../lark-feishu-client';
import { defaultFeishuSeed } from './feishu-seed';
import { startFeishuSimulator } from './feishu-simulator';

const APP = { appId: 'cli_persist000000001', appSecret: 's3cret', verificationToken: 'vt' };
const DOC = defaultFeishuSeed().documents[4].documentId;

describe('Feishu simulator', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feishu-sim-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds five documents in Chinese and English, each with several revisions', async () => {
    const seed = defaultFeishuSeed();
    expect(seed.documents).toHaveLength(5);
    expect(seed.documents.every((d) => d.revisions.length >= 3)).toBe(true);
    expect(seed.documents.some((d) => /[\u4e00-\u9fff]/.test(d.title))).toBe(true);
  });

  it('keeps edits, messages and uploads in its data file across restarts', async () => {
    const dataFile = join(dir, 'feishu.json');
    const first = await startFeishuSimulator({ ...APP, dataFile });
    const { revisionId } = await first.control.editDocument(DOC, { appendParagraph: '持久化测试' });
    const client = createFeishuClient({ baseUrl: first.url, ...APP });
    await client.sendMessage({ receiveId: 'oc_persist', message: { type: 'text', text: 'kept' } });
    await first.stop();

    const second = await startFeishuSimulator({ ...APP, dataFile });
    try {
      const again = createFeishuClient({ baseUrl: second.url, ...APP });
      const doc = await again.renderDocument(DOC);
      expect(doc.revisionId).toBe(revisionId);
      expect(doc.html).toContain('持久化测试');
      expect(second.control.messages('oc_persist')).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('offers its control API over HTTP: edit a document, list recorded calls', async () => {
    const sim = await startFeishuSimulator(APP);
    try {
      const res = await fetch(`${sim.url}/_control/documents/${DOC}/edit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appendParagraph: 'edited over HTTP' }),
      });
      expect(res.status).toBe(200);
      const { revisionId } = (await res.json()) as { revisionId: number };
      const meta = await createFeishuClient({ baseUrl: sim.url, ...APP }).getDocumentMeta(DOC);
      expect(meta.revisionId).toBe(revisionId);
      const calls = (await (await fetch(`${sim.url}/_control/calls`)).json()) as { route: string }[];
      expect(calls.map((c) => c.route)).toEqual(['auth.tenant_access_token', 'docx.document.get']);
      const faults = await fetch(`${sim.url}/_control/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          route: 'docx.document.get',
          failWithCode: { code: 1770032, msg: 'forbidden', times: 1 },
        }),
      });
      expect(faults.status).toBe(200);
      await expect(
        createFeishuClient({ baseUrl: sim.url, ...APP }).getDocumentMeta(DOC),
      ).rejects.toMatchObject({
        kind: 'forbidden',
        code: 1770032,
      });
    } finally {
      await sim.stop();
    }
  });

  it('refuses API calls without a tenant token like Feishu (HTTP 400, code 99991661)', async () => {
    const sim = await startFeishuSimulator(APP);
    try {
      const res = await fetch(`${sim.url}/open-apis/docx/v1/documents/${DOC}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 99991661 });
    } finally {
      await sim.stop();
    }
  });
});
