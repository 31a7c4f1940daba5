import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import en from '../../../i18n/en.json';
import { translocoTesting } from '../../../testing/transloco-testing';
import consoleEn from '../i18n/en.json';
import { ConsoleHomePage } from './console-home.page';

describe('ConsoleHomePage', () => {
  let fixture: ComponentFixture<ConsoleHomePage>;
  let http: HttpTestingController;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [ConsoleHomePage, translocoTesting({ langs: { en: { ...en, console: consoleEn } } })],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    }).compileComponents();
    fixture = TestBed.createComponent(ConsoleHomePage);
    http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  it('shows each count with a link to the list it counts', async () => {
    http.expectOne('/api/v1/console/summary').flush({
      workspaces: 2,
      draftsToPublish: 1,
      uploadsToReview: 3,
      newDefects: 1,
      failedSyncJobs: 0,
      unacknowledgedVersions: 4,
      accessEndingSoon: 1,
      accessEndingWithinDays: 14,
    });
    http
      .expectOne((req) => req.url === '/api/v1/transmittals/overdue')
      .flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    const tiles = [...(fixture.nativeElement as HTMLElement).querySelectorAll('a.tile')].map((a) => ({
      text: a.textContent?.replace(/\s+/g, ' ').trim(),
      href: a.getAttribute('href'),
    }));
    expect(tiles).toEqual([
      { text: '1 Drafts waiting to publish', href: '/console/pending' },
      { text: '3 Supplier uploads to review', href: '/console/reviews' },
      { text: '1 New defects, not yet picked up', href: '/console/defects?status=Reported' },
      { text: '0 Failed sync jobs', href: '/console/sync' },
      { text: '4 Versions not acknowledged in time', href: '/console/workspaces' },
      { text: '1 Workspaces whose access ends within 14 days', href: '/console/workspaces' },
    ]);
  });

  it('lists overdue transmittals with a link to each', async () => {
    http.expectOne('/api/v1/console/summary').flush({
      workspaces: 1,
      draftsToPublish: 0,
      uploadsToReview: 0,
      newDefects: 0,
      failedSyncJobs: 0,
      unacknowledgedVersions: 0,
      accessEndingSoon: 0,
      accessEndingWithinDays: 14,
    });
    http
      .expectOne((req) => req.url === '/api/v1/transmittals/overdue')
      .flush({
        items: [{ id: 't1', number: 'ACME-T-0001', subject: 'Pump housing', dueDate: '2026-12-01' }],
        nextCursor: null,
      });
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    const link = (fixture.nativeElement as HTMLElement).querySelector('[data-transmittal="ACME-T-0001"] a');
    expect(link?.getAttribute('href')).toBe('/console/transmittals/t1');
  });
});
