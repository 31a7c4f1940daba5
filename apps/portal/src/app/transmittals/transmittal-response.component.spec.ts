import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { of } from 'rxjs';
import { translocoTesting } from '../../testing/transloco-testing';
import { TransmittalResponseComponent } from './transmittal-response.component';
import type { Transmittal } from './transmittals.types';

const TRANSMITTAL = {
  id: 't1',
  number: 'ACME-T-0001',
  canRespond: true,
  contents: [
    { id: 'c1', kind: 'item_version', title: 'Pump', path: '/items/i1/versions/1' },
    { id: 'c2', kind: 'file_revision', title: 'D-310', path: '/files/f1?revision=1' },
  ],
} as unknown as Transmittal;

const CODES = [
  { code: 'A', label: 'Approved' },
  { code: 'C', label: 'Revise and resubmit' },
];

describe('TransmittalResponseComponent', () => {
  let fixture: ComponentFixture<TransmittalResponseComponent>;
  let http: HttpTestingController;
  let confirmed: boolean;
  let asked: number;

  beforeEach(async () => {
    confirmed = true;
    asked = 0;
    await TestBed.configureTestingModule({
      imports: [TransmittalResponseComponent, translocoTesting()],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: MatDialog,
          useValue: {
            open: () => {
              asked += 1;
              return { afterClosed: () => of(confirmed) };
            },
          },
        },
      ],
    }).compileComponents();
    fixture = TestBed.createComponent(TransmittalResponseComponent);
    fixture.componentRef.setInput('transmittal', TRANSMITTAL);
    fixture.componentRef.setInput('codes', CODES);
    http = TestBed.inject(HttpTestingController);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const text = () => (fixture.nativeElement as HTMLElement).textContent?.replace(/\s+/g, ' ') ?? '';

  it('names every content still without a code and sends nothing', async () => {
    fixture.componentInstance.set('c1', { code: 'A' });
    await fixture.componentInstance.submit();
    await fixture.whenStable();
    expect(fixture.componentInstance.errors()).toEqual({ c2: 'codeMissing' });
    expect(text()).toContain('1 document(s) still need a review code.');
    expect(asked).toBe(0);
  });

  it('asks for confirmation, then submits the whole response once and hands back the result', async () => {
    const responded: Transmittal[] = [];
    fixture.componentInstance.responded.subscribe((t) => responded.push(t));
    fixture.componentInstance.set('c1', { code: 'A' });
    fixture.componentInstance.set('c2', { code: 'C', comment: ' Thicker flange ' });
    const done = fixture.componentInstance.submit();
    await new Promise((resolve) => setTimeout(resolve));
    const request = http.expectOne('/api/v1/transmittals/t1/response');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      contents: [
        { contentId: 'c1', code: 'A' },
        { contentId: 'c2', code: 'C', comment: 'Thicker flange' },
      ],
    });
    request.flush({ ...TRANSMITTAL, status: 'responded' });
    await done;
    expect(asked).toBe(1);
    expect(responded.map((t) => t.status)).toEqual(['responded']);
  });

  it('sends nothing when the confirmation is cancelled', async () => {
    confirmed = false;
    fixture.componentInstance.set('c1', { code: 'A' });
    fixture.componentInstance.set('c2', { code: 'A' });
    await fixture.componentInstance.submit();
    expect(asked).toBe(1);
  });

  it('clears the error of a content once a code is chosen for it', async () => {
    await fixture.componentInstance.submit();
    expect(Object.keys(fixture.componentInstance.errors())).toEqual(['c1', 'c2']);
    fixture.componentInstance.set('c2', { code: 'C' });
    expect(Object.keys(fixture.componentInstance.errors())).toEqual(['c1']);
  });
});
