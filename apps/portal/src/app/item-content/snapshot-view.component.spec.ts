import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { translocoTesting } from '../../testing/transloco-testing';
import { SnapshotViewComponent } from './snapshot-view.component';
import type { SharedAttachment, Snapshot } from '../core/api/api-types';

const drawing: SharedAttachment = {
  id: '10501',
  filename: 'D-102 rev C.pdf',
  size: 1200,
  mimeType: 'application/pdf',
};
const snapshot: Snapshot = {
  title: 'Bracket',
  status: null,
  fields: [{ name: 'attachments', label: 'Attachments', kind: 'attachments', value: [drawing] }],
};

describe('SnapshotViewComponent', () => {
  async function render(downloadable: boolean) {
    await TestBed.configureTestingModule({
      imports: [SnapshotViewComponent, translocoTesting()],
      providers: [provideZonelessChangeDetection()],
    }).compileComponents();
    const fixture = TestBed.createComponent(SnapshotViewComponent);
    fixture.componentRef.setInput('snapshot', snapshot);
    fixture.componentRef.setInput('downloadable', downloadable);
    const asked: SharedAttachment[] = [];
    fixture.componentInstance.download.subscribe((file) => asked.push(file));
    await fixture.whenStable();
    return { page: fixture.nativeElement as HTMLElement, asked };
  }

  it('offers the attachments of the latest version as downloads', async () => {
    const { page, asked } = await render(true);
    const button = page.querySelector<HTMLButtonElement>('button.file-link');
    expect(button?.textContent?.trim()).toBe('D-102 rev C.pdf');
    button!.click();
    expect(asked).toEqual([drawing]);
  });

  it('shows only the names for an older version, whose files the API no longer serves', async () => {
    const { page } = await render(false);
    expect(page.querySelector('button')).toBeNull();
    expect(page.textContent).toContain('D-102 rev C.pdf');
  });

  async function show(value: Snapshot, heading = false) {
    await TestBed.configureTestingModule({
      imports: [SnapshotViewComponent, translocoTesting()],
      providers: [provideZonelessChangeDetection()],
    }).compileComponents();
    const fixture = TestBed.createComponent(SnapshotViewComponent);
    fixture.componentRef.setInput('snapshot', value);
    fixture.componentRef.setInput('heading', heading);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('renders every kind of field, with a dash for an empty value', async () => {
    const page = await show({
      title: 'Bracket',
      status: 'In review',
      fields: [
        {
          name: 'description',
          label: 'Description',
          kind: 'html',
          value: '<p>Weld <strong>both</strong></p>',
        },
        { name: 'labels', label: 'Labels', kind: 'list', value: ['steel', 'weld'] },
        { name: 'assignee', label: 'Assignee', kind: 'text', value: null },
        { name: 'environment', label: 'Environment', kind: 'html', value: null },
        { name: 'attachments', label: 'Attachments', kind: 'attachments', value: [] },
      ],
    });
    const values = [...page.querySelectorAll('dd')].map((dd) => dd.textContent?.trim());
    expect(values).toEqual(['Weld both', 'steel, weld', '—', '—', '—']);
    expect(page.querySelector('.rich strong')?.textContent).toBe('both');
    expect(page.querySelector('.title')).toBeNull();
  });

  it('shows the title and status when asked, and says when no field is shared', async () => {
    const page = await show({ title: 'Bracket', status: 'In review', fields: [] }, true);
    expect(page.querySelector('.title')?.textContent).toBe('Bracket');
    expect(page.querySelector('.status')?.textContent).toBe('In review');
    expect(page.querySelector('.muted')?.textContent?.trim()).toBe('No fields are shared.');
  });
});
