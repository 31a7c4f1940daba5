import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TranslocoService } from '@jsverse/transloco';
import { translocoTesting } from '../../testing/transloco-testing';
import { CalendarFeedComponent } from './calendar-feed.component';

const URL_1 = 'https://portico.example/api/calendar/u1/aaaa.ics';
const URL_2 = 'https://portico.example/api/calendar/u1/bbbb.ics';

describe('CalendarFeedComponent', () => {
  let fixture: ComponentFixture<CalendarFeedComponent>;
  let http: HttpTestingController;

  async function render(lang = 'en') {
    await TestBed.configureTestingModule({
      imports: [CalendarFeedComponent, translocoTesting()],
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    }).compileComponents();
    TestBed.inject(TranslocoService).setActiveLang(lang);
    fixture = TestBed.createComponent(CalendarFeedComponent);
    http = TestBed.inject(HttpTestingController);
  }

  async function settle() {
    await fixture.whenStable();
    fixture.detectChanges();
  }

  const shownUrl = () =>
    (fixture.nativeElement as HTMLElement).querySelector('[data-testid="calendar-url"]')?.textContent?.trim();

  afterEach(() => http.verify());

  it('shows the feed URL, and a new one after rotating', async () => {
    await render();
    http.expectOne('/api/v1/me/calendar').flush({ url: URL_1 });
    await settle();
    expect(shownUrl()).toBe(URL_1);
    const rotating = fixture.componentInstance.rotate();
    http.expectOne((req) => req.method === 'POST' && req.url === '/api/v1/me/calendar').flush({ url: URL_2 });
    await rotating;
    await settle();
    expect(shownUrl()).toBe(URL_2);
  });

  it('offers to turn the feed on when it is off, and turns it off (in Chinese)', async () => {
    await render('zh-CN');
    http.expectOne('/api/v1/me/calendar').flush({ url: URL_1 });
    await settle();
    const off = fixture.componentInstance.turnOff();
    http.expectOne((req) => req.method === 'DELETE').flush(null);
    await off;
    await settle();
    expect(shownUrl()).toBeUndefined();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('开启日历订阅');
  });
});
