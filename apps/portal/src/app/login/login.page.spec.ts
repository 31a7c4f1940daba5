import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { PureAbility } from '@casl/ability';
import { createAppAbility } from '../core/auth/ability';
import { translocoTesting } from '../../testing/transloco-testing';
import { LoginPage } from './login.page';

describe('LoginPage', () => {
  let fixture: ComponentFixture<LoginPage>;
  let http: HttpTestingController;
  let page: HTMLElement;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [LoginPage, translocoTesting()],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: PureAbility, useFactory: createAppAbility },
      ],
    }).compileComponents();
    fixture = TestBed.createComponent(LoginPage);
    http = TestBed.inject(HttpTestingController);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  function fill(label: string, value: string): void {
    const input = page.querySelector<HTMLInputElement>(`input[formcontrolname="${label}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  function submit(): void {
    page.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
  }

  it('labels every input so screen readers can name it', () => {
    const labels = [...page.querySelectorAll('mat-label')].map((l) => l.textContent?.trim());
    expect(labels).toEqual(['Email', 'Password']);
    expect(page.querySelector('h1')?.textContent).toContain('Sign in to Portico');
  });

  it('does not call the API while the form is incomplete', async () => {
    fill('email', 'not-an-email');
    submit();
    await fixture.whenStable();
    http.expectNone('/api/v1/auth/login');
    expect(page.textContent).toContain('Enter a valid email address');
  });

  it('says the credentials are wrong on a 401 without revealing which one', async () => {
    fill('email', 'ana@acme.example');
    fill('password', 'wrong password');
    submit();
    http
      .expectOne('/api/v1/auth/login')
      .flush({ status: 401, title: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('Email or password is not correct.');
  });

  it.each([
    [401, 'Email or password is not correct.'],
    [423, 'This account is locked after too many failed sign-ins. Try again in 15 minutes'],
    [429, 'Too many sign-in attempts from this network. Wait a minute, then try again.'],
  ])('says what went wrong in its own words on a %i', async (status, message) => {
    fill('email', 'ana@acme.example');
    fill('password', 'some password');
    submit();
    http.expectOne('/api/v1/auth/login').flush({ status }, { status, statusText: 'Refused' });
    await fixture.whenStable();
    const alert = page.querySelector('[role="alert"]')?.textContent ?? '';
    expect(alert).toContain(message);
    expect(page.querySelector('button[type="submit"]')?.textContent).toContain('Sign in');
  });

  it('asks for the authentication code when the account has TOTP enabled', async () => {
    fill('email', 'ana@acme.example');
    fill('password', 'correct horse battery');
    submit();
    http
      .expectOne('/api/v1/auth/login')
      .flush(
        { status: 401, type: 'totp-required', detail: 'TOTP code required' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await fixture.whenStable();
    expect(page.querySelector('input[formcontrolname="totp"]')).not.toBeNull();
  });

  it('goes to the page that was asked for after signing in', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture.componentRef.setInput('returnUrl', '/workspaces/42');
    fill('email', 'ana@acme.example');
    fill('password', 'correct horse battery');
    submit();
    http.expectOne('/api/v1/auth/login').flush({ accessToken: 'tok', expiresIn: 900 });
    await Promise.resolve();
    http.expectOne('/api/v1/me').flush({ id: 'u', email: 'ana@acme.example', rules: [] });
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith('/workspaces/42');
  });

  function leaveEmail(value: string): void {
    fill('email', value);
    page.querySelector('input[formcontrolname="email"]')!.dispatchEvent(new Event('blur'));
  }

  it('offers the company account once the typed address belongs to an SSO domain', async () => {
    leaveEmail('ana@acme.example');
    const discover = http.expectOne('/api/v1/auth/sso/discover');
    expect(discover.request.body).toEqual({ email: 'ana@acme.example' });
    discover.flush({
      sso: true,
      required: false,
      startUrl: '/api/v1/auth/sso/start?email=ana%40acme.example',
    });
    await fixture.whenStable();
    const link = [...page.querySelectorAll('a')].find((a) =>
      a.textContent?.includes('Sign in with your company account'),
    );
    expect(link?.getAttribute('href')).toBe('/api/v1/auth/sso/start?email=ana%40acme.example');
    expect(page.querySelector('input[formcontrolname="password"]')).not.toBeNull();
  });

  it('hides the password when the organisation requires its company account', async () => {
    leaveEmail('ana@acme.example');
    http
      .expectOne('/api/v1/auth/sso/discover')
      .flush({ sso: true, required: true, startUrl: '/api/v1/auth/sso/start?email=ana%40acme.example' });
    await fixture.whenStable();
    expect(page.querySelector('input[formcontrolname="password"]')).toBeNull();
    expect(page.querySelector('button[type="submit"]')).toBeNull();
    expect(page.textContent).toContain('passwords are not used');
  });

  it('keeps the password form for an address without SSO', async () => {
    leaveEmail('someone@example.com');
    http.expectOne('/api/v1/auth/sso/discover').flush({ sso: false });
    await fixture.whenStable();
    expect(page.textContent).not.toContain('Sign in with your company account');
    expect(page.querySelector('input[formcontrolname="password"]')).not.toBeNull();
  });

  it('explains a refused company-account sign-in', async () => {
    fixture.componentRef.setInput('error', 'sso_not_invited');
    await fixture.whenStable();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('Ask your organisation');
  });
});
