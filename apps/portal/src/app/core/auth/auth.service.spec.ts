import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PureAbility } from '@casl/ability';
import { packRules } from '@casl/ability/extra';
import { firstValueFrom } from 'rxjs';
import { AppAbility, createAppAbility } from './ability';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';
import { translocoTesting } from '../../../testing/transloco-testing';

const user = {
  id: '7d9a3f7e-1111-4c3b-9a51-0e3d5f6a7b8c',
  orgId: '0b7c1e2d-2222-4c3b-9a51-0e3d5f6a7b8c',
  orgKind: 'supplier' as const,
  role: 'supplier_member' as const,
  email: 'ana@acme.example',
  displayName: 'Ana',
  locale: 'en',
};

describe('AuthService', () => {
  let http: HttpTestingController;
  let auth: AuthService;
  let ability: AppAbility;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [translocoTesting()],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: PureAbility, useFactory: createAppAbility },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    ability = TestBed.inject<AppAbility>(PureAbility);
  });

  afterEach(() => {
    auth.clear();
    http.verify();
  });

  async function signIn(): Promise<void> {
    const done = auth.login({ email: user.email, password: 'correct horse battery' });
    http
      .expectOne({ method: 'POST', url: '/api/v1/auth/login' })
      .flush({ accessToken: 'tok-1', expiresIn: 900, user });
    await Promise.resolve();
    const me = http.expectOne('/api/v1/me');
    expect(me.request.headers.get('Authorization')).toBe('Bearer tok-1');
    me.flush({ ...user, rules: packRules([{ action: 'read', subject: 'Workspace' }]) });
    await done;
  }

  it('keeps the token in memory and loads the CASL rules from GET me after signing in', async () => {
    await signIn();
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.user()?.email).toBe(user.email);
    expect(ability.can('read', 'Workspace')).toBe(true);
    expect(ability.can('manage', 'Organization')).toBe(false);
  });

  it('retries a request once with a refreshed token when the API answers 401', async () => {
    await signIn();
    const result = firstValueFrom(TestBed.inject(HttpClient).get('/api/v1/workspaces'));
    http.expectOne('/api/v1/workspaces').flush({}, { status: 401, statusText: 'Unauthorized' });
    await Promise.resolve();
    http
      .expectOne({ method: 'POST', url: '/api/v1/auth/refresh' })
      .flush({ accessToken: 'tok-2', expiresIn: 900 });
    await Promise.resolve();
    await Promise.resolve();
    http.expectOne('/api/v1/me').flush({ ...user, rules: [] });
    await new Promise((resolve) => setTimeout(resolve));
    const retry = http.expectOne('/api/v1/workspaces');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer tok-2');
    retry.flush({ items: [], nextCursor: null });
    await expect(result).resolves.toEqual({ items: [], nextCursor: null });
  });

  it('ends the session when the refresh cookie is refused', async () => {
    await signIn();
    const refreshed = auth.refresh();
    http
      .expectOne('/api/v1/auth/refresh')
      .flush({ type: 'about:blank', status: 401 }, { status: 401, statusText: 'Unauthorized' });
    await expect(refreshed).resolves.toBe(false);
    expect(auth.isAuthenticated()).toBe(false);
    expect(ability.can('read', 'Workspace')).toBe(false);
  });

  it('shares one refresh request between concurrent callers', async () => {
    const first = auth.refresh();
    const second = auth.refresh();
    http.expectOne('/api/v1/auth/refresh').flush({ accessToken: 'tok-3', expiresIn: 900, user });
    await Promise.resolve();
    await Promise.resolve();
    http.expectOne('/api/v1/me').flush({ ...user, rules: [] });
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
  });
});
