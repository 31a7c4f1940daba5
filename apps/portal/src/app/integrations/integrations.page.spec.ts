import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';
import { AuthService } from '../core/auth/auth.service';
import { translocoTesting } from '../../testing/transloco-testing';
import { IntegrationsPage } from './integrations.page';

const LIST_URL = '/api/v1/organizations/org-acme/api-tokens';
const TOKEN = {
  id: 't1',
  kind: 'organization',
  orgId: 'org-acme',
  name: 'Jira sync',
  scopes: ['items:read'],
  prefix: 'ptk_abcdefgh',
  expiresAt: '2099-01-01T00:00:00.000Z',
  revokedAt: null,
  lastUsedAt: null,
  lastUsedIp: null,
  createdAt: '2026-12-01T00:00:00.000Z',
};

describe('IntegrationsPage', () => {
  let fixture: ComponentFixture<IntegrationsPage>;
  let http: HttpTestingController;

  async function render(lang = 'en', route: { id?: string; personal?: boolean } = {}) {
    await TestBed.configureTestingModule({
      imports: [IntegrationsPage, translocoTesting()],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AuthService, useValue: { user: signal({ id: 'u-admin', orgId: 'org-acme' }) } },
        {
          provide: ActivatedRoute,
          useValue: {
            snapshot: {
              paramMap: convertToParamMap(route.id ? { id: route.id } : {}),
              data: { personal: route.personal },
            },
          },
        },
      ],
    }).compileComponents();
    TestBed.inject(TranslocoService).setActiveLang(lang);
    fixture = TestBed.createComponent(IntegrationsPage);
    http = TestBed.inject(HttpTestingController);
  }

  async function settle() {
    await fixture.whenStable();
    fixture.detectChanges();
  }

  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  afterEach(() => {
    // The webhooks section loads on its own (webhooks-section.component.spec.ts).
    for (const req of http.match((r) => r.url.includes('/webhook-endpoints'))) req.flush({ items: [] });
    http.verify();
  });

  it("lists the organisation's tokens and shows a new token's secret once", async () => {
    await render();
    http.expectOne(LIST_URL).flush({ items: [TOKEN] });
    await settle();
    expect(text()).toContain('Jira sync');
    expect(text()).toContain('Never used');

    const page = fixture.componentInstance;
    page.name = 'ERP';
    page.toggle('defects:read', true);
    const creating = page.create();
    const post = http.expectOne((req) => req.method === 'POST' && req.url === LIST_URL);
    expect(post.request.body).toMatchObject({ name: 'ERP', scopes: ['items:read', 'defects:read'] });
    expect(Date.parse(post.request.body.expiresAt)).toBeGreaterThan(Date.now());
    post.flush({ ...TOKEN, id: 't2', name: 'ERP', secret: 'ptk_secret-shown-once' });
    await Promise.resolve();
    http.expectOne((req) => req.method === 'GET' && req.url === LIST_URL).flush({ items: [TOKEN] });
    await creating;
    await settle();
    expect(fixture.nativeElement.querySelector('[data-testid="token-secret"]')?.textContent).toContain(
      'ptk_secret-shown-once',
    );
  });

  it('revokes a token, and manages personal tokens on the console route (in Chinese)', async () => {
    await render('zh-CN', { personal: true });
    http.expectOne('/api/v1/me/api-tokens').flush({ items: [{ ...TOKEN, kind: 'personal' }] });
    await settle();
    expect(text()).toContain('个人 API 令牌');
    const revoking = fixture.componentInstance.revoke(TOKEN as never);
    http.expectOne((req) => req.method === 'DELETE' && req.url === '/api/v1/me/api-tokens/t1').flush(null);
    await Promise.resolve();
    http
      .expectOne('/api/v1/me/api-tokens')
      .flush({ items: [{ ...TOKEN, revokedAt: '2026-12-07T00:00:00Z' }] });
    await revoking;
    await settle();
    expect(text()).toContain('已撤销');
  });

  it("an admin in the console manages another organisation's tokens", async () => {
    await render('en', { id: 'org-borealis' });
    http.expectOne('/api/v1/organizations/org-borealis/api-tokens').flush({ items: [] });
    await settle();
    expect(text()).toContain('No API tokens yet.');
  });
});
