import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TranslocoService } from '@jsverse/transloco';
import { translocoTesting } from '../../testing/transloco-testing';
import { WebhooksSection } from './webhooks-section.component';

const BASE = '/api/v1/organizations/org-acme/webhook-endpoints';
const ENDPOINT = {
  id: 'e1',
  orgId: 'org-acme',
  url: 'https://hooks.acme.example/portico',
  description: 'Our Jira',
  events: ['item.version_published'],
  enabled: true,
  disabledReason: null,
  failingSince: null,
  previousSecretExpiresAt: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};
const DELIVERY = {
  id: 'd1',
  messageId: 'm1',
  event: 'item.version_published',
  attempt: 2,
  succeeded: false,
  statusCode: 500,
  durationMs: 42,
  responseExcerpt: 'receiver exploded',
  error: 'answered 500',
  createdAt: '2026-12-07T08:00:00.000Z',
};

describe('WebhooksSection', () => {
  let fixture: ComponentFixture<WebhooksSection>;
  let http: HttpTestingController;

  async function render(lang = 'en') {
    await TestBed.configureTestingModule({
      imports: [WebhooksSection, translocoTesting()],
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    }).compileComponents();
    TestBed.inject(TranslocoService).setActiveLang(lang);
    fixture = TestBed.createComponent(WebhooksSection);
    fixture.componentRef.setInput('orgId', 'org-acme');
    http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
  }

  async function settle() {
    await fixture.whenStable();
    fixture.detectChanges();
  }

  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';
  const flushList = (items: unknown[]) =>
    http.expectOne((r) => r.method === 'GET' && r.url === BASE).flush({ items });

  afterEach(() => http.verify());

  it('registers an endpoint with the chosen events and shows its secret once', async () => {
    await render();
    flushList([]);
    await settle();
    expect(text()).toContain('No webhook endpoints yet.');
    expect(text()).toContain('a new version of a shared item');

    const section = fixture.componentInstance;
    section.url = ' https://hooks.acme.example/portico ';
    section.description = 'Our Jira';
    section.toggle('comment.created', true);
    const creating = section.create();
    const post = http.expectOne((r) => r.method === 'POST' && r.url === BASE);
    expect(post.request.body).toEqual({
      url: 'https://hooks.acme.example/portico',
      description: 'Our Jira',
      events: ['item.version_published', 'comment.created'],
    });
    post.flush({ ...ENDPOINT, secret: 'whsec_shown-once' });
    await Promise.resolve();
    flushList([ENDPOINT]);
    await creating;
    await settle();
    expect(fixture.nativeElement.querySelector('[data-testid="webhook-secret"]')?.textContent).toContain(
      'whsec_shown-once',
    );
    expect(fixture.nativeElement.querySelectorAll('[data-testid="webhook-endpoint"]')).toHaveLength(1);
  });

  it('shows the delivery log and redelivers (in Chinese)', async () => {
    await render('zh-CN');
    flushList([{ ...ENDPOINT, enabled: false, disabledReason: 'Every delivery failed since …' }]);
    await settle();
    expect(text()).toContain('已自动停用');
    const section = fixture.componentInstance;
    const showing = section.showLog('e1');
    http.expectOne(`${BASE}/e1/deliveries`).flush({ items: [DELIVERY], nextCursor: null });
    await showing;
    await settle();
    const log = fixture.nativeElement.querySelector('[data-testid="webhook-log"]') as HTMLElement;
    expect(log.textContent).toContain('500');
    expect(log.textContent).toContain('42 毫秒');
    expect(log.textContent).toContain('answered 500');
    const again = section.redeliver(DELIVERY as never);
    http
      .expectOne((r) => r.method === 'POST' && r.url === `${BASE}/deliveries/d1/redeliver`)
      .flush({ messageId: 'm1' });
    await Promise.resolve();
    await Promise.resolve();
    http.expectOne(`${BASE}/e1/deliveries`).flush({
      items: [{ ...DELIVERY, id: 'd2', attempt: 3, succeeded: true, statusCode: 200, error: null }],
      nextCursor: null,
    });
    await again;
    await settle();
    expect(text()).toContain('已排队');
  });

  it('names the field the API refused', async () => {
    await render();
    flushList([]);
    const section = fixture.componentInstance;
    section.url = 'http://127.0.0.1/x';
    const creating = section.create();
    http
      .expectOne((r) => r.method === 'POST' && r.url === BASE)
      .flush(
        { status: 400, errors: [{ field: 'url', message: 'must not point at a non-public address' }] },
        { status: 400, statusText: 'Bad Request' },
      );
    await creating;
    await settle();
    expect(text()).toContain('url: must not point at a non-public address');
  });
});
