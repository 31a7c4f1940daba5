import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
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
    const done = firstValueFrom(
      api.items('ws-1', { q: '  bracket ', type: '', status: '', unseen: true }, 'c2'),
    );
    const request = http.expectOne((r) => r.url === '/api/v1/workspaces/ws-1/items');
    expect(request.request.params.keys().sort()).toEqual(['cursor', 'limit', 'q', 'unseen']);
    expect(request.request.params.get('q')).toBe('bracket');
    expect(request.request.params.get('unseen')).toBe('true');
    request.flush({ items: [], nextCursor: null });
    await done;
    http.verify();
  });

  it('fetches an attachment as a blob with the caller’s token, encoding both ids', async () => {
    const api = TestBed.inject(SharingApi);
    const http = TestBed.inject(HttpTestingController);
    const done = firstValueFrom(api.attachment('item-1', '../10501'));
    const request = http.expectOne('/api/v1/items/item-1/attachments/..%2F10501');
    expect(request.request.responseType).toBe('blob');
    request.flush(new Blob(['%PDF']));
    expect(await done).toBeInstanceOf(Blob);
    http.verify();
  });

  it('encodes ids so a crafted id cannot reach another route', async () => {
    const api = TestBed.inject(SharingApi);
    const http = TestBed.inject(HttpTestingController);
    const done = firstValueFrom(api.item('../me'));
    http.expectOne('/api/v1/items/..%2Fme').flush({});
    await done;
    http.verify();
  });
});
