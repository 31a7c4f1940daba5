import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { translocoTesting } from '../../testing/transloco-testing';
import type { FieldChange } from '../core/api/api-types';
import { FieldChangesComponent } from './field-changes.component';

describe('FieldChangesComponent', () => {
  async function render(diff: { from: number; to: number; changes: FieldChange[] }): Promise<HTMLElement> {
    await TestBed.configureTestingModule({
      imports: [FieldChangesComponent, translocoTesting()],
      providers: [provideZonelessChangeDetection()],
    }).compileComponents();
    const fixture = TestBed.createComponent(FieldChangesComponent);
    fixture.componentRef.setInput('changes', diff.changes);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('marks inserted and deleted words of a text change', async () => {
    const page = await render({
      from: 1,
      to: 2,
      changes: [
        {
          field: 'description',
          label: 'Description',
          change: 'changed',
          before: 'Bore 12 mm',
          after: 'Bore 14 mm',
          textDiff: [
            { op: 'equal', text: 'Bore ' },
            { op: 'delete', text: '12' },
            { op: 'insert', text: '14' },
            { op: 'equal', text: ' mm' },
          ],
        },
      ],
    });
    expect(page.querySelector('del')?.textContent).toBe('12');
    expect(page.querySelector('ins')?.textContent).toBe('14');
    expect(page.querySelector('h3')?.textContent).toContain('Description');
  });

  it('shows before and after for fields without a text diff, never as markup', async () => {
    const page = await render({
      from: 1,
      to: 2,
      changes: [
        { field: 'status', label: 'Status', change: 'changed', before: '<b>Open</b>', after: 'Done' },
      ],
    });
    expect(page.querySelector('del')?.textContent?.trim()).toBe('Open');
    expect(page.querySelector('b')).toBeNull();
    expect(page.querySelector('ins')?.textContent?.trim()).toBe('Done');
  });

  it('says so when two versions do not differ', async () => {
    const page = await render({ from: 1, to: 2, changes: [] });
    expect(page.textContent).toContain('No differences.');
  });
});
