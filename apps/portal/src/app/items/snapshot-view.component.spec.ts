import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { translocoTesting } from '../../testing/transloco-testing';
import { SnapshotViewComponent } from './snapshot-view.component';
import { SharedAttachment, Snapshot } from './sharing.types';

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
});
