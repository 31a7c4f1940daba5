import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { PureAbility } from '@casl/ability';
import { createAppAbility } from '../../core/auth/ability';
import en from '../../../i18n/en.json';
import { translocoTesting } from '../../../testing/transloco-testing';
import consoleEn from '../i18n/en.json';
import { SharePickerPage } from './share-picker.page';

const WORKSPACE = {
  id: 'ws1',
  name: 'Acme PCB',
  jiraProjectKey: 'HW',
  jiraScopeJql: null,
  feishuFolderToken: 'fld1',
  // What older workspaces hold: Jira fields and the document ones together.
  defaultFields: ['summary', 'status', 'dueDate', 'title', 'content'],
};

describe('SharePickerPage', () => {
  let fixture: ComponentFixture<SharePickerPage>;
  let http: HttpTestingController;
  let page: HTMLElement;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [SharePickerPage, translocoTesting({ langs: { en: { ...en, console: consoleEn } } })],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: PureAbility, useFactory: createAppAbility },
      ],
    }).compileComponents();
    vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(SharePickerPage);
    fixture.componentRef.setInput('id', 'ws1');
    http = TestBed.inject(HttpTestingController);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/v1/workspaces/ws1').flush(WORKSPACE);
    await fixture.whenStable();
    http
      .expectOne((r) => r.url === '/api/v1/workspaces/ws1/sources/jira')
      .flush({
        items: [{ ref: 'HW-1', title: 'Board', status: 'Open', sharedItemId: null }],
        nextCursor: null,
      });
    // Jira's field list cannot be read here: the picker falls back to Portico's built-in fields.
    for (const request of http.match('/api/v1/workspaces/ws1/sources/jira/fields'))
      request.flush(null, { status: 503, statusText: 'Service Unavailable' });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const offered = () =>
    [...page.querySelectorAll('.field-picker mat-checkbox')].map((box) => ({
      label: box.textContent?.trim(),
      checked: box.querySelector('input')!.checked,
    }));

  it('offers Jira fields for issues, the workspace defaults checked and no document field among them', () => {
    const fields = offered();
    expect(fields.filter((f) => f.checked).map((f) => f.label)).toEqual(['Summary', 'Status', 'Due date']);
    expect(fields.map((f) => f.label)).not.toContain('Title');
    expect(fields.map((f) => f.label)).not.toContain('content');
  });

  it('offers the document fields for Feishu documents and shares with those picked', async () => {
    page.querySelectorAll<HTMLButtonElement>('mat-button-toggle button')[1].click();
    await fixture.whenStable();
    http
      .expectOne((r) => r.url === '/api/v1/workspaces/ws1/sources/feishu')
      .flush({ items: [{ ref: 'doc1', title: 'Spec', status: null, sharedItemId: null }], nextCursor: null });
    await fixture.whenStable();
    expect(offered()).toEqual([
      { label: 'Title', checked: true },
      { label: 'Content', checked: true },
      { label: 'Document link', checked: false },
    ]);
    expect(page.querySelector('.field-picker input[matinput]')).toBeNull(); // no custom fields for documents

    fixture.componentInstance.toggle('doc1', true);
    const done = fixture.componentInstance.share();
    const request = http.expectOne('/api/v1/workspaces/ws1/items');
    expect(request.request.body).toEqual({
      sourceType: 'feishu_doc',
      sourceRef: 'doc1',
      fields: ['title', 'content'],
    });
    request.flush({ id: 'item1' });
    await done;
  });
});
