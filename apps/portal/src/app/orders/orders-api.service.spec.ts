import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { OrdersApi } from './orders-api.service';

describe('OrdersApi', () => {
  let api: OrdersApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(OrdersApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('sends only the order filters that are set', async () => {
    const open = api.list('ws-1', { status: 'open', overdue: false });
    const a = http.expectOne((r) => r.url === '/api/v1/workspaces/ws-1/purchase-orders');
    expect(a.request.params.keys().sort()).toEqual(['limit', 'status']);
    a.flush({ items: [], nextCursor: null });
    await open;
    const due = api.list('ws-1', { status: 'all', dueWithinDays: 0, overdue: true }, 'c1');
    const b = http.expectOne((r) => r.url === '/api/v1/workspaces/ws-1/purchase-orders');
    expect(b.request.params.keys().sort()).toEqual(['cursor', 'dueWithinDays', 'limit', 'overdue', 'status']);
    expect([b.request.params.get('dueWithinDays'), b.request.params.get('overdue')]).toEqual(['0', 'true']);
    b.flush({ items: [], nextCursor: null });
    await due;
  });

  it('posts an answer to the line of the order, ids encoded', async () => {
    const done = api.answer('o/1', 'l 1', { kind: 'propose', date: '2027-01-12', reason: 'Tooling' });
    const request = http.expectOne('/api/v1/purchase-orders/o%2F1/lines/l%201/confirmations');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ kind: 'propose', date: '2027-01-12', reason: 'Tooling' });
    request.flush({ id: 'c1' });
    expect((await done).id).toBe('c1');
  });
});
