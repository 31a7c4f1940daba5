import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TranslocoService } from '@jsverse/transloco';
import { AuthService } from '../core/auth/auth.service';
import { translocoTesting } from '../../testing/transloco-testing';
import { TeamPage } from './team.page';

const STORAGE_URL = '/api/v1/organizations/org-acme/storage';
const GiB = 1024 ** 3;

describe('TeamPage storage panel', () => {
  let fixture: ComponentFixture<TeamPage>;
  let http: HttpTestingController;

  async function render(lang = 'en') {
    await TestBed.configureTestingModule({
      imports: [TeamPage, translocoTesting()],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AuthService, useValue: { user: signal({ id: 'u-admin', orgId: 'org-acme' }) } },
      ],
    }).compileComponents();
    TestBed.inject(TranslocoService).setActiveLang(lang);
    fixture = TestBed.createComponent(TeamPage);
    http = TestBed.inject(HttpTestingController);
    http
      .expectOne((req) => req.url === '/api/v1/organizations/org-acme/users')
      .flush({ items: [], nextCursor: null });
  }

  async function settle() {
    await fixture.whenStable();
    fixture.detectChanges();
  }

  const panel = () => fixture.nativeElement.querySelector('.storage') as HTMLElement | null;

  afterEach(() => http.verify());

  it('shows the organisation’s usage against its quota and the open-upload cap', async () => {
    await render();
    http
      .expectOne(STORAGE_URL)
      .flush({ usedBytes: 25 * GiB, quotaBytes: 100 * GiB, openUploads: 2, maxOpenUploadsPerUser: 5 });
    await settle();
    expect(panel()?.textContent).toContain('25 GB of 100 GB used');
    expect(panel()?.textContent).toContain('Uploads in progress: 2 (at most 5 per person at a time)');
    expect(panel()?.querySelector('progress')?.value).toBe(25);
  });

  it('says so when there is no quota, in Chinese too', async () => {
    await render('zh-CN');
    http
      .expectOne(STORAGE_URL)
      .flush({ usedBytes: 2048, quotaBytes: 0, openUploads: 0, maxOpenUploadsPerUser: 5 });
    await settle();
    expect(panel()?.textContent).toContain('已使用 2.0 KB（无配额）');
    expect(panel()?.querySelector('progress')).toBeNull();
  });

  it('leaves the panel out when the usage cannot be read', async () => {
    await render();
    http.expectOne(STORAGE_URL).flush({ status: 403 }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(panel()).toBeNull();
  });
});
