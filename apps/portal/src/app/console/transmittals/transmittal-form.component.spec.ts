import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { of } from 'rxjs';
import en from '../../../i18n/en.json';
import { translocoTesting } from '../../../testing/transloco-testing';
import type { Transmittal } from '../../transmittals/transmittals.types';
import consoleEn from '../i18n/en.json';
import { TransmittalFormComponent } from './transmittal-form.component';

const tick = () => new Promise((resolve) => setTimeout(resolve));

describe('TransmittalFormComponent', () => {
  let fixture: ComponentFixture<TransmittalFormComponent>;
  let http: HttpTestingController;
  let announced: (Transmittal | null)[];

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [TransmittalFormComponent, translocoTesting({ langs: { en: { ...en, console: consoleEn } } })],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MatDialog, useValue: { open: () => ({ afterClosed: () => of(true) }) } },
      ],
    }).compileComponents();
    fixture = TestBed.createComponent(TransmittalFormComponent);
    fixture.componentRef.setInput('workspaceId', 'ws-1');
    announced = [];
    fixture.componentInstance.changed.subscribe((t) => announced.push(t));
    http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http.expectOne((r) => r.url === '/api/v1/workspaces/ws-1/items').flush({ items: [], nextCursor: null });
    http.expectOne((r) => r.url === '/api/v1/workspaces/ws-1/files').flush({ items: [], nextCursor: null });
    for (const req of http.match((r) => r.url === '/api/v1/workspaces/ws-1/transmittals'))
      req.flush({ items: [], nextCursor: null });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function fill(): void {
    const form = fixture.componentInstance;
    form.fields = {
      subject: 'Housing',
      purpose: 'for_review',
      message: '',
      dueDate: '2026-12-20',
      supersedesId: '',
    };
    form.choices.set([{ kind: 'item_version', itemId: 'i1', version: 1, title: 'Pump' }]);
  }

  it('issuing a new transmittal saves the draft, issues it and announces only the issued one', async () => {
    fill();
    const done = fixture.componentInstance.issue();
    await tick();
    const create = http.expectOne('/api/v1/workspaces/ws-1/transmittals');
    expect(create.request.body).toEqual({
      subject: 'Housing',
      purpose: 'for_review',
      dueDate: '2026-12-20',
      contents: [{ itemId: 'i1', version: 1 }],
    });
    create.flush({ id: 't1', status: 'draft' });
    await tick();
    http.expectOne('/api/v1/transmittals/t1/issue').flush({ id: 't1', status: 'issued' });
    await done;
    expect(announced.map((t) => t?.status)).toEqual(['issued']);
  });

  it('when issuing is refused, shows why and still opens the draft it saved', async () => {
    fill();
    const done = fixture.componentInstance.issue();
    await tick();
    http.expectOne('/api/v1/workspaces/ws-1/transmittals').flush({ id: 't1', status: 'draft' });
    await tick();
    http
      .expectOne('/api/v1/transmittals/t1/issue')
      .flush(
        { title: 'Bad Request', errors: [{ field: 'dueDate', message: 'must not be in the past' }] },
        { status: 400, statusText: 'Bad Request' },
      );
    await done;
    expect(fixture.componentInstance.problem()?.fields).toEqual([
      { field: 'dueDate', message: 'must not be in the past' },
    ]);
    expect(announced.map((t) => t?.status)).toEqual(['draft']);
  });
});
