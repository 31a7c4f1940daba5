import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import en from '../../../i18n/en.json';
import { translocoTesting } from '../../../testing/transloco-testing';
import consoleEn from '../i18n/en.json';
import { SsoSettingsComponent } from './sso-settings.component';

const CONFIGURED = {
  configured: true,
  issuer: 'https://login.acme.example',
  clientId: 'portico',
  clientSecretSet: true,
  emailDomains: ['acme.example'],
  createUnknownUsers: false,
  requireSso: false,
  redirectUri: 'https://portico.example/api/v1/auth/sso/callback',
  updatedAt: '2026-12-01T10:00:00Z',
};

describe('SsoSettingsComponent', () => {
  let fixture: ComponentFixture<SsoSettingsComponent>;
  let http: HttpTestingController;
  const page = () => fixture.nativeElement as HTMLElement;
  /** Lets the awaited request resolve and the signals render. */
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  const input = (name: string) => page().querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`)!;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [SsoSettingsComponent, translocoTesting({ langs: { en: { ...en, console: consoleEn } } })],
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SsoSettingsComponent);
    fixture.componentRef.setInput('orgId', 'org-1');
    fixture.detectChanges();
  });

  it('shows the redirect URI and never fills the secret; saving without one keeps it', async () => {
    http.expectOne('/api/v1/organizations/org-1/sso').flush(CONFIGURED);
    await settle();
    expect(page().textContent).toContain(CONFIGURED.redirectUri);
    expect(input('clientSecret').value).toBe('');
    expect(input('emailDomains').value).toBe('acme.example');
    input('emailDomains').value = 'acme.example, ACME-parts.example';
    input('emailDomains').dispatchEvent(new Event('input'));
    page().querySelector('form')!.dispatchEvent(new Event('submit'));
    const save = http.expectOne({ method: 'PUT', url: '/api/v1/organizations/org-1/sso' });
    expect(save.request.body).toEqual({
      issuer: 'https://login.acme.example',
      clientId: 'portico',
      emailDomains: ['acme.example', 'acme-parts.example'],
      createUnknownUsers: false,
      requireSso: false,
    });
    save.flush({ ...CONFIGURED, emailDomains: ['acme.example', 'acme-parts.example'] });
    await settle();
    expect(page().querySelector('[role="status"]')?.textContent).toContain('Saved');
  });

  it('says who may manage it when the API refuses', async () => {
    http
      .expectOne('/api/v1/organizations/org-1/sso')
      .flush({ status: 403 }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(page().textContent).toContain('Only an administrator or the PM');
    expect(input('issuer')).toBeNull();
  });
});
