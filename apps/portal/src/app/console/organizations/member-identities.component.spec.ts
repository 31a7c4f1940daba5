import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import en from '../../../i18n/en.json';
import { translocoTesting } from '../../../testing/transloco-testing';
import type { OrgUser } from '../api/console-api.types';
import consoleEn from '../i18n/en.json';
import { MemberIdentitiesComponent } from './member-identities.component';

const PAT = {
  id: 'u-pat',
  displayName: 'Pat Manager',
  email: 'pm@portico.example',
  status: 'active',
  feishuOpenId: 'ou_pat',
  dingtalkMobile: null,
  dingtalkUserId: null,
  jiraAccountId: '5f1a',
} as unknown as OrgUser;

describe('MemberIdentitiesComponent', () => {
  let fixture: ComponentFixture<MemberIdentitiesComponent>;
  let http: HttpTestingController;
  const input = (label: string) =>
    [...(fixture.nativeElement as HTMLElement).querySelectorAll('mat-form-field')]
      .find((f) => f.textContent?.includes(label))!
      .querySelector('input')!;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [
        MemberIdentitiesComponent,
        translocoTesting({ langs: { en: { ...en, console: consoleEn } } }),
      ],
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MemberIdentitiesComponent);
    fixture.componentRef.setInput('members', [PAT]);
    fixture.detectChanges();
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('sends only what changed, a cleared field as null', async () => {
    expect(input('Feishu open_id').value).toBe('ou_pat');
    const typed = (label: string, value: string) => {
      const el = input(label);
      el.value = value;
      el.dispatchEvent(new Event('input'));
    };
    typed('DingTalk mobile', ' 13800000000 ');
    typed('Jira account id', '');
    (fixture.nativeElement as HTMLElement).querySelector('form')!.dispatchEvent(new Event('submit'));
    const req = http.expectOne('/api/v1/users/u-pat');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ dingtalkMobile: '13800000000', jiraAccountId: null });
    req.flush({ ...PAT, dingtalkMobile: '13800000000', jiraAccountId: null });
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('Saved');
  });
});
