import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FilesApi } from '../files/files-api.service';
import { attachmentNumber, DefectAttachment } from './defect-attachment';

/** The next request to `url`, waiting for the attachment's asynchronous steps to send it. */
async function next(http: HttpTestingController, url: string) {
  for (let i = 0; i < 400; i++) {
    const [request] = http.match(url);
    if (request) return request;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no request to ${url}`);
}

const plan = (url: string) => ({
  partSize: 8,
  partCount: 1,
  expiresAt: '2030-01-01T00:00:00Z',
  parts: [{ partNumber: 1, size: 5, url }],
});

describe('DefectAttachment', () => {
  let http: HttpTestingController;
  let api: FilesApi;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    api = TestBed.inject(FilesApi);
  });

  it('stores the file as the first revision of a new workspace file and then offers its revision id', async () => {
    const attachment = new DefectAttachment(
      api,
      'ws-1',
      new File(['burr!'], 'burr photo.png'),
      async () => '"e1"',
    );
    const done = attachment.run();
    expect(attachment.busy()).toBe(true);

    const create = await next(http, '/api/v1/workspaces/ws-1/files');
    expect(create.request.body).toEqual({
      documentNumber: expect.stringMatching(/^ATT-[0-9A-Z]+-[0-9A-Z]{4}$/),
      title: 'burr photo.png',
    });
    create.flush({ id: 'file-9' });
    const start = await next(http, '/api/v1/files/file-9/revisions');
    expect(start.request.body).toMatchObject({ fileName: 'burr photo.png', size: 5 });
    start.flush({ revision: { id: 'rev-1', seq: 1 }, upload: plan('https://s3/p1') });
    (await next(http, '/api/v1/files/file-9/revisions/1/complete')).flush({
      id: 'rev-1',
      seq: 1,
      state: 'available',
    });
    await done;

    expect(attachment.revisionId()).toBe('rev-1');
    expect(attachment.busy()).toBe(false);
    expect(attachment.error()).toBeNull();
  });

  it('shows why storage policy refused the file, next to it, and offers no revision', async () => {
    const send = vi.fn();
    const attachment = new DefectAttachment(api, 'ws-1', new File(['MZ'], 'tool.exe'), send);
    const done = attachment.run();
    (await next(http, '/api/v1/workspaces/ws-1/files')).flush({ id: 'file-3' });
    (await next(http, '/api/v1/files/file-3/revisions')).flush(
      { status: 400, errors: [{ field: 'fileName', message: '.exe files are not accepted' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    // The file created for it is deleted again (its own test below).
    (await next(http, '/api/v1/files/file-3')).flush({ id: 'file-3', revisions: [] });
    (await next(http, '/api/v1/files/file-3')).flush(null, { status: 204, statusText: 'No Content' });
    await done;

    expect(attachment.error()).toBe('fileName .exe files are not accepted');
    expect(attachment.revisionId()).toBeNull();
    expect(attachment.busy()).toBe(false);
    expect(send).not.toHaveBeenCalled();
  });

  it('deletes the workspace file it created when the upload is refused, and starts afresh on a retry', async () => {
    const attachment = new DefectAttachment(api, 'ws-1', new File(['MZ'], 'tool.exe'), vi.fn());
    const done = attachment.run();
    (await next(http, '/api/v1/workspaces/ws-1/files')).flush({ id: 'file-4' });
    (await next(http, '/api/v1/files/file-4/revisions')).flush(
      { status: 400, errors: [{ field: 'fileName', message: '.exe files are not accepted' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    (await next(http, '/api/v1/files/file-4')).flush({ id: 'file-4', revisions: [] });
    const removed = await next(http, '/api/v1/files/file-4');
    expect(removed.request.method).toBe('DELETE');
    removed.flush(null, { status: 204, statusText: 'No Content' });
    await done;
    expect(attachment.error()).toBe('fileName .exe files are not accepted');

    void attachment.run();
    (await next(http, '/api/v1/workspaces/ws-1/files')).flush({ id: 'file-5' });
    expect(http.match('/api/v1/files/file-4')).toEqual([]);
  });

  it('on removal from the form, gives up an open upload and deletes its file, but keeps an uploaded one', async () => {
    const attachment = new DefectAttachment(
      api,
      'ws-1',
      new File(['burr!'], 'a.png'),
      () => new Promise<string>(() => undefined),
    );
    void attachment.run();
    (await next(http, '/api/v1/workspaces/ws-1/files')).flush({ id: 'file-6' });
    (await next(http, '/api/v1/files/file-6/revisions')).flush({
      revision: { id: 'rev-6', seq: 1 },
      upload: plan('https://s3/p1'),
    });
    const discarded = attachment.discard();
    (await next(http, '/api/v1/files/file-6')).flush({
      id: 'file-6',
      revisions: [{ id: 'rev-6', seq: 1, state: 'uploading' }],
    });
    (await next(http, '/api/v1/files/file-6/revisions/1/upload')).flush({ id: 'rev-6', state: 'rejected' });
    const removed = await next(http, '/api/v1/files/file-6');
    expect(removed.request.method).toBe('DELETE');
    removed.flush(null, { status: 204, statusText: 'No Content' });
    await discarded;

    const kept = new DefectAttachment(api, 'ws-1', new File(['ok'], 'b.png'), async () => '"e1"');
    const done = kept.run();
    (await next(http, '/api/v1/workspaces/ws-1/files')).flush({ id: 'file-7' });
    (await next(http, '/api/v1/files/file-7/revisions')).flush({
      revision: { id: 'rev-7', seq: 1 },
      upload: plan('https://s3/p1'),
    });
    (await next(http, '/api/v1/files/file-7/revisions/1/complete')).flush({ id: 'rev-7', seq: 1 });
    await done;
    await kept.discard();
    expect(http.match(() => true)).toEqual([]);
  });

  it('reports a workspace file that could not be created', async () => {
    const attachment = new DefectAttachment(api, 'ws-1', new File(['x'], 'a.pdf'));
    const done = attachment.run();
    (await next(http, '/api/v1/workspaces/ws-1/files')).flush(
      { status: 404, detail: 'Workspace not found' },
      { status: 404, statusText: 'Not Found' },
    );
    await done;
    expect(attachment.error()).toBe('Workspace not found');
    expect(attachment.upload()).toBeNull();
  });
});

describe('attachmentNumber', () => {
  it('is ATT-, the time and a random tail, in capitals', () => {
    expect(attachmentNumber(Date.UTC(2026, 10, 25), 0.5)).toBe(
      `ATT-${Date.UTC(2026, 10, 25).toString(36)}-i000`.toUpperCase(),
    );
    expect(attachmentNumber(0, 0)).toBe('ATT-0-0000');
  });
});
