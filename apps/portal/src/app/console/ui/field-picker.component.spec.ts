import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import en from '../../../i18n/en.json';
import { translocoTesting } from '../../../testing/transloco-testing';
import consoleEn from '../i18n/en.json';
import { FieldPickerComponent } from './field-picker.component';

const JIRA_FIELDS = [
  { name: 'summary', label: 'Summary', jiraId: 'summary', jiraName: 'Summary', custom: false },
  { name: 'dueDate', label: 'Due date', jiraId: 'duedate', jiraName: 'Due date', custom: false },
  { name: 'url', label: 'Link', jiraId: null, jiraName: null, custom: false },
  {
    name: 'customfield_10050',
    label: 'Supplier due date',
    jiraId: 'customfield_10050',
    jiraName: 'Supplier due date',
    custom: true,
  },
  {
    name: 'customfield_10051',
    label: 'Part number',
    jiraId: 'customfield_10051',
    jiraName: 'Part number',
    custom: true,
  },
];

describe('FieldPickerComponent', () => {
  let fixture: ComponentFixture<FieldPickerComponent>;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [FieldPickerComponent, translocoTesting({ langs: { en: { ...en, console: consoleEn } } })],
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    }).compileComponents();
    fixture = TestBed.createComponent(FieldPickerComponent);
  });

  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  it("offers only the workspace's Jira fields, with Jira's name and id, and marks a selected name Jira lacks", async () => {
    fixture.componentRef.setInput('workspaceId', 'ws-1');
    fixture.componentRef.setInput('selected', ['summary', 'customfield_10051', 'Budget code']);
    fixture.detectChanges();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/v1/workspaces/ws-1/sources/jira/fields')
      .flush(JIRA_FIELDS);
    await fixture.whenStable();
    fixture.detectChanges();
    expect(text()).toContain('Jira: Due date (duedate)');
    expect(text()).not.toContain('Fix versions'); // a built-in this Jira does not list
    expect(text()).toContain('Part number');
    expect(text()).toContain('customfield_10051');
    expect(text()).toContain('Budget code');
    expect(text()).toContain('not a field in Jira');
    expect(fixture.componentInstance.customChoices().map((f) => f.name)).toEqual(['customfield_10050']);
    fixture.componentInstance.toggle('customfield_10050', true);
    expect(fixture.componentInstance.selected()).toEqual([
      'summary',
      'customfield_10051',
      'Budget code',
      'customfield_10050',
    ]);
  });

  it('offers the built-in fields only, and asks nothing, before the workspace exists', async () => {
    fixture.detectChanges();
    await fixture.whenStable();
    TestBed.inject(HttpTestingController).verify();
    expect(text()).toContain('Fix versions');
    expect(text()).toContain("Jira's custom fields can be chosen once the workspace exists.");
  });
});
