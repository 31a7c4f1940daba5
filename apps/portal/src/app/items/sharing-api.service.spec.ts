import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { SharingApi } from './sharing-api.service';

describe('SharingApi', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  it('sends only the filters that are set, trimmed', async () => {
    const api = TestBed.inject(SharingApi);
    const http = TestBed.inject(HttpTestingController);
    const done = api.items('ws-1', { q: '  bracket ', type: '', status: '', unseen: true }, 'c2');
    const request = http.expectOne((r) => r.url === '/api/v1/workspaces/ws-1/items');
    expect(request.request.params.keys().sort()).toEqual(['cursor', 'limit', 'q', 'unseen']);
    expect(request.request.params.get('q')).toBe('bracket');
    expect(request.request.params.get('unseen')).toBe('true');
    request.flush({ items: [], nextCursor: null });
    await done;
    http.verify();
  });

  it('asks for the due-date order and the overdue or due-within filter', async () => {
    const api = TestBed.inject(SharingApi);
    const http = TestBed.inject(HttpTestingController);
    const overdue = api.items('ws-1', { sort: 'dueDate', due: 'overdue' });
    const a = http.expectOne((r) => r.url === '/api/v1/workspaces/ws-1/items');
    expect([a.request.params.get('sort'), a.request.params.get('overdue')]).toEqual(['dueDate', 'true']);
    expect(a.request.params.has('dueWithinDays')).toBe(false);
    a.flush({ items: [], nextCursor: null });
    await overdue;
    const soon = api.items('ws-1', { sort: 'published', due: '7' });
    const b = http.expectOne((r) => r.url === '/api/v1/workspaces/ws-1/items');
    expect(b.request.params.keys().sort()).toEqual(['dueWithinDays', 'limit']);
    expect(b.request.params.get('dueWithinDays')).toBe('7');
    b.flush({ items: [], nextCursor: null });
    await soon;
    http.verify();
  });

  it('pages the due-date order for the schedule and stops at the first undated item', async () => {
    const api = TestBed.inject(SharingApi);
    const http = TestBed.inject(HttpTestingController);
    const item = (id: string, dueDate: string | null) => ({ id, dueDate });
    const done = api.scheduled('ws-1');
    const first = http.expectOne((r) => r.url === '/api/v1/workspaces/ws-1/items' && !r.params.has('cursor'));
    expect(first.request.params.get('sort')).toBe('dueDate');
    first.flush({ items: [item('a', '2026-12-01')], nextCursor: 'c1' });
    await Promise.resolve();
    const second = http.expectOne((r) => r.params.get('cursor') === 'c1');
    second.flush({ items: [item('b', '2026-12-09'), item('c', null)], nextCursor: 'c2' });
    expect((await done).map((i) => i.id)).toEqual(['a', 'b']);
    http.verify(); // no third page was asked for
  });

  it('fetches an attachment as a blob with the caller’s token, encoding both ids', async () => {
    const api = TestBed.inject(SharingApi);
    const http = TestBed.inject(HttpTestingController);
    const done = api.attachment('item-1', '../10501');
    const request = http.expectOne('/api/v1/items/item-1/attachments/..%2F10501');
    expect(request.request.responseType).toBe('blob');
    request.flush(new Blob(['%PDF']));
    expect(await done).toBeInstanceOf(Blob);
    http.verify();
  });

  it('names the transmittal and version an attachment is fetched from', async () => {
    const api = TestBed.inject(SharingApi);
    const http = TestBed.inject(HttpTestingController);
    const done = api.attachment('item-1', '10501', { transmittal: 't-1', version: 2 });
    const request = http.expectOne((r) => r.url === '/api/v1/items/item-1/attachments/10501');
    expect(request.request.params.get('transmittal')).toBe('t-1');
    expect(request.request.params.get('version')).toBe('2');
    request.flush(new Blob(['%PDF']));
    await done;
    http.verify();
  });

  it('encodes ids so a crafted id cannot reach another route', async () => {
    const api = TestBed.inject(SharingApi);
    const http = TestBed.inject(HttpTestingController);
    const done = api.item('../me');
    http.expectOne('/api/v1/items/..%2Fme').flush({});
    await done;
    http.verify();
  });
});
