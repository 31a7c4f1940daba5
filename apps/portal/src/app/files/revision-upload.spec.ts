import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FilesApi } from './files-api.service';
import { RevisionUpload } from './revision-upload';

const revision = { seq: 2, state: 'uploading', label: null };

/** The next request to `url`, waiting for the upload's asynchronous steps to send it. */
async function next(http: HttpTestingController, url: string) {
  for (let i = 0; i < 400; i++) {
    const [request] = http.match(url);
    if (request) return request;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no request to ${url}`);
}

describe('RevisionUpload', () => {
  let http: HttpTestingController;
  let api: FilesApi;

  beforeEach(() => {
    vi.useRealTimers();
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    api = TestBed.inject(FilesApi);
  });

  it('declares size, SHA-256 and part checksums, sends each part with its headers, retries a failed part and completes with every ETag in order', async () => {
    const file = new File([new Uint8Array(10)], 'D-102 bracket.step');
    const attempts: Record<string, number> = {};
    const sentHeaders: Record<string, Record<string, string>> = {};
    const send = async (url: string, _body: Blob, _progress: unknown, headers: Record<string, string>) => {
      attempts[url] = (attempts[url] ?? 0) + 1;
      sentHeaders[url] = headers;
      if (url === 'https://s3/part2' && attempts[url] === 1) throw new Error('connection reset');
      return `"etag-${url.slice(-1)}"`;
    };
    const upload = new RevisionUpload(api, 'file-1', file, undefined, send);
    const done = upload.run();

    const start = await next(http, '/api/v1/files/file-1/revisions');
    expect(start.request.body).toEqual({
      fileName: 'D-102 bracket.step',
      size: 10,
      sha256: '01d448afd928065458cf670b60f5a594d735af0172c8d67f22a81680132681ca',
      partSize: 8 * 1024 * 1024,
      // One part: its SHA-256 is the file's, in base64.
      partChecksums: ['AdRIr9koBlRYz2cLYPWllNc1rwFyyNZ/IqgWgBMmgco='],
    });
    start.flush({
      revision,
      upload: {
        partSize: 6,
        partCount: 2,
        expiresAt: '2030-01-01T00:00:00Z',
        parts: [
          { partNumber: 1, size: 6, url: 'https://s3/part1', headers: { 'x-amz-checksum-sha256': 'c1' } },
          { partNumber: 2, size: 4, url: 'https://s3/part2', headers: { 'x-amz-checksum-sha256': 'c2' } },
        ],
      },
    });

    const complete = await next(http, '/api/v1/files/file-1/revisions/2/complete');
    expect(sentHeaders).toEqual({
      'https://s3/part1': { 'x-amz-checksum-sha256': 'c1' },
      'https://s3/part2': { 'x-amz-checksum-sha256': 'c2' },
    });
    expect(complete.request.body).toEqual({
      parts: [
        { partNumber: 1, etag: '"etag-1"' },
        { partNumber: 2, etag: '"etag-2"' },
      ],
    });
    expect(attempts['https://s3/part2']).toBe(2);
    complete.flush({ ...revision, state: 'available', label: 'B' });
    await done;
    expect(upload.phase()).toBe('done');
    expect(upload.percent()).toBe(100);
  });

  it('ends waiting for the malware scan when the API answers the completion with a scanning revision', async () => {
    const file = new File([new Uint8Array(4)], 'bracket.pdf');
    const upload = new RevisionUpload(api, 'file-1', file, undefined, async () => '"etag-1"');
    const done = upload.run();
    (await next(http, '/api/v1/files/file-1/revisions')).flush({
      revision,
      upload: {
        partSize: 4,
        partCount: 1,
        expiresAt: '2030-01-01T00:00:00Z',
        parts: [{ partNumber: 1, size: 4, url: 'https://s3/part1' }],
      },
    });
    (await next(http, '/api/v1/files/file-1/revisions/2/complete')).flush({ ...revision, state: 'scanning' });
    await done;
    expect(upload.phase()).toBe('scanning');
    expect(upload.error()).toBeNull();
  });

  it('resumes by the storage’s part list, sending again a stored part whose ETag never arrived', async () => {
    const file = new File([new Uint8Array(10)], 'bracket.pdf');
    const sent: string[] = [];
    const send = async (url: string) => {
      sent.push(url);
      // Storage keeps part 2, but its answer never reaches the browser.
      if (url === 'https://s3/part2') throw new Error('connection reset');
      return `"etag-${url.split('/').pop()}"`;
    };
    const upload = new RevisionUpload(api, 'file-1', file, undefined, send);
    const parts = '/api/v1/files/file-1/revisions/2/parts';
    const first = upload.run();
    (await next(http, '/api/v1/files/file-1/revisions')).flush({
      revision,
      upload: {
        partSize: 6,
        partCount: 2,
        expiresAt: '2030-01-01T00:00:00Z',
        parts: [
          { partNumber: 1, size: 6, url: 'https://s3/part1' },
          { partNumber: 2, size: 4, url: 'https://s3/part2' },
        ],
      },
    });
    await first;
    expect(upload.phase()).toBe('failed');
    expect(upload.canResume).toBe(true);

    const resumed = upload.run();
    const fresh = await next(http, parts);
    expect(fresh.request.body).toEqual({});
    const plan = { partSize: 6, partCount: 2, expiresAt: '2030-01-01T00:00:00Z' };
    fresh.flush({ ...plan, parts: [], uploadedParts: [1, 2] });
    const again = await next(http, parts);
    expect(again.request.body).toEqual({ partNumbers: [2] });
    again.flush({
      ...plan,
      parts: [{ partNumber: 2, size: 4, url: 'https://s3/re-2' }],
      uploadedParts: [1, 2],
    });

    const complete = await next(http, '/api/v1/files/file-1/revisions/2/complete');
    expect(complete.request.body).toEqual({
      parts: [
        { partNumber: 1, etag: '"etag-part1"' },
        { partNumber: 2, etag: '"etag-re-2"' },
      ],
    });
    complete.flush({ ...revision, state: 'available', label: 'A' });
    await resumed;
    expect(upload.phase()).toBe('done');
    expect(sent.filter((url) => url === 'https://s3/part1')).toHaveLength(1);
  }, 15_000);

  it('shows the reason when the API rejects the upload policy, without sending any part', async () => {
    const send = vi.fn();
    const upload = new RevisionUpload(api, 'file-1', new File(['x'], 'virus.exe'), undefined, send);
    const done = upload.run();
    (await next(http, '/api/v1/files/file-1/revisions')).flush(
      { status: 400, errors: [{ field: 'fileName', message: 'has an extension that is not allowed' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await done;
    expect(upload.phase()).toBe('failed');
    expect(upload.error()).toBe('fileName has an extension that is not allowed');
    expect(send).not.toHaveBeenCalled();
  });
});
