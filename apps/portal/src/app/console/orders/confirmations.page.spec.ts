import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { PureAbility } from '@casl/ability';
import { createAppAbility } from '../../core/auth/ability';
import en from '../../../i18n/en.json';
import { translocoTesting } from '../../../testing/transloco-testing';
import type { DeliveryConfirmationRow } from '../../orders/orders.types';
import consoleEn from '../i18n/en.json';
import { ConfirmationsPage } from './confirmations.page';

const row = (id: string, workspaceId: string, change: Partial<DeliveryConfirmationRow> = {}) =>
  ({
    id,
    workspaceId,
    orderId: 'order-1',
    orderNumber: 'CGDD000118',
    lineNumber: 2,
    materialName: 'Bracket',
    kind: 'propose',
    previousDate: '2027-01-10',
    proposedDate: '2027-01-20',
    reason: 'Tooling',
    submittedAt: '2026-12-07T05:00:00Z',
    state: 'pending',
    writeBack: 'none',
    decisionNote: null,
    ...change,
  }) as DeliveryConfirmationRow;

describe('ConfirmationsPage', () => {
  let fixture: ComponentFixture<ConfirmationsPage>;
  let http: HttpTestingController;
  let root: HTMLElement;

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    const ability = createAppAbility();
    // The PM owns the Acme workspace only; Cobalt's answer is visible (an admin's view) but not theirs to decide.
    ability.update([
      { action: 'update', subject: 'DeliveryConfirmation', conditions: { 'workspace.ownerId': 'pm' } },
    ]);
    await TestBed.configureTestingModule({
      imports: [ConfirmationsPage, translocoTesting({ langs: { en: { ...en, console: consoleEn } } })],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: PureAbility, useValue: ability },
      ],
    }).compileComponents();
    fixture = TestBed.createComponent(ConfirmationsPage);
    http = TestBed.inject(HttpTestingController);
    root = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    const list = http.expectOne((r) => r.url === '/api/v1/delivery-confirmations');
    expect(list.request.params.get('state')).toBe('pending');
    list.flush({ items: [row('c1', 'acme'), row('c2', 'cobalt')], nextCursor: null });
    http
      .expectOne((r) => r.url === '/api/v1/workspaces')
      .flush({
        items: [
          { id: 'acme', name: 'Acme launch', ownerId: 'pm' },
          { id: 'cobalt', name: 'Cobalt', ownerId: 'other' },
        ],
        nextCursor: null,
      });
    await settle();
  });

  afterEach(() => http.verify());

  const rowEl = (id: string) =>
    root.querySelector<HTMLElement>(`tbody tr:nth-child(${id === 'c1' ? 1 : 2})`)!;
  const button = (el: HTMLElement, name: string) =>
    [...el.querySelectorAll('button')].find((b) => b.textContent!.trim() === name);

  it('offers decisions only on answers of workspaces the caller manages; rejecting needs a note', async () => {
    expect(rowEl('c1').textContent).toContain('Acme launch');
    expect(button(rowEl('c1'), 'Accept')).toBeDefined();
    expect(button(rowEl('c2'), 'Accept')).toBeUndefined();
    const reject = button(rowEl('c1'), 'Reject')!;
    expect(reject.disabled).toBe(true);
    const note = rowEl('c1').querySelector('input')!;
    note.value = 'We need it earlier';
    note.dispatchEvent(new Event('input'));
    await settle();
    expect(reject.disabled).toBe(false);
    reject.click();
    const request = http.expectOne('/api/v1/delivery-confirmations/c1/reject');
    expect(request.request.body).toEqual({ note: 'We need it earlier' });
    request.flush({ ...row('c1', 'acme'), state: 'rejected', decisionNote: 'We need it earlier' });
    await settle();
    expect(rowEl('c1').textContent).toContain('Rejected');
    expect(button(rowEl('c1'), 'Reject')).toBeUndefined();
  });

  it('shows where an accepted date went: the buyer changes an approved order in Kingdee', async () => {
    button(rowEl('c1'), 'Accept')!.click();
    const request = http.expectOne('/api/v1/delivery-confirmations/c1/accept');
    expect(request.request.body).toEqual({});
    request.flush({ ...row('c1', 'acme'), state: 'accepted', writeBack: 'buyer_to_change' });
    await settle();
    expect(rowEl('c1').textContent).toContain('Change it in Kingdee: order CGDD000118 line 2 → 2027-01-20');
  });
});
