import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PureAbility } from '@casl/ability';
import { createAppAbility } from '../core/auth/ability';
import en from '../../i18n/en.json';
import { translocoTesting } from '../../testing/transloco-testing';
import { OrderPage } from './order.page';
import { DeliveryConfirmation, PurchaseOrderDetail, PurchaseOrderLine } from './orders.types';

const line = (n: number, change: Partial<PurchaseOrderLine> = {}): PurchaseOrderLine => ({
  id: `line-${n}`,
  lineNumber: n,
  materialNumber: `2.01.00${n}`,
  materialName: `Part ${n}`,
  specification: 'Ø6 m6',
  quantity: 100,
  unit: 'Pcs',
  deliveryDate: '2027-01-10',
  receivedQuantity: 40,
  remainingQuantity: 60,
  closed: false,
  overdue: false,
  confirmation: null,
  ...change,
});

const ORDER = {
  id: 'order-1',
  workspaceId: 'ws-1',
  number: 'CGDD000124',
  orderDate: '2026-12-01',
  documentStatus: 'A',
  closed: false,
  cancelled: false,
  purchasingOrg: 'Portico Mfg',
  buyer: null,
  syncedAt: '2026-12-07T05:00:00Z',
  items: [{ id: 'item-1', title: 'Bracket epic' }],
  lines: [
    line(1),
    line(2, { overdue: true }),
    line(3, { closed: true }),
    line(4, {
      confirmation: {
        state: 'accepted',
        writeBack: 'buyer_to_change',
        kind: 'propose',
        proposedDate: '2027-02-01',
      } as DeliveryConfirmation,
    }),
    line(5, {
      confirmation: { state: 'pending', writeBack: 'none', kind: 'confirm' } as DeliveryConfirmation,
    }),
  ],
} as unknown as PurchaseOrderDetail;

describe('OrderPage', () => {
  let fixture: ComponentFixture<OrderPage>;
  let http: HttpTestingController;

  async function open(rules: { action: string; subject: string }[]): Promise<HTMLElement> {
    const ability = createAppAbility();
    ability.update(rules);
    await TestBed.configureTestingModule({
      imports: [OrderPage, translocoTesting({ langs: { en } })],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: PureAbility, useValue: ability },
      ],
    }).compileComponents();
    fixture = TestBed.createComponent(OrderPage);
    fixture.componentRef.setInput('id', 'order-1');
    http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http.expectOne('/api/v1/purchase-orders/order-1').flush(ORDER);
    await settle();
    return fixture.nativeElement as HTMLElement;
  }

  /** Lets the page's awaited requests resolve and render. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
    await fixture.whenStable();
  }

  const lineEl = (root: HTMLElement, n: number) => root.querySelector<HTMLElement>(`li[data-line="${n}"]`)!;
  const buttons = (el: HTMLElement) => [...el.querySelectorAll('button')].map((b) => b.textContent!.trim());

  afterEach(() => http.verify());

  it('shows each line with quantities, the overdue mark, the linked item and the newest answer', async () => {
    const root = await open([{ action: 'read', subject: 'PurchaseOrder' }]);
    expect(root.querySelector('h1')!.textContent).toContain('Purchase order CGDD000124');
    expect(root.querySelector('a[href="/items/item-1"]')!.textContent).toContain('Bracket epic');
    expect(lineEl(root, 1).textContent).toContain('40 received, 60 remaining');
    expect(lineEl(root, 2).querySelector('.overdue-mark')).not.toBeNull();
    expect(lineEl(root, 1).querySelector('.overdue-mark')).toBeNull();
    expect(lineEl(root, 3).textContent).toContain('Line closed');
    expect(lineEl(root, 4).textContent).toContain('accepted; the buyer changes the order in Kingdee');
    // Without the right to answer (a PM reading the page), no answer forms.
    expect(buttons(lineEl(root, 1))).toEqual([]);
  });

  it('lets the supplier answer open lines only, and shows the recorded answer in place', async () => {
    const root = await open([
      { action: 'read', subject: 'PurchaseOrder' },
      { action: 'create', subject: 'DeliveryConfirmation' },
    ]);
    expect(buttons(lineEl(root, 1))).toEqual(['Confirm date', 'Propose another date']);
    expect(buttons(lineEl(root, 3))).toEqual([]); // closed
    expect(buttons(lineEl(root, 5))).toEqual([]); // waits for the buyer

    lineEl(root, 2).querySelectorAll('button')[1].click();
    fixture.detectChanges();
    const inputs = lineEl(root, 2).querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
      'input, textarea',
    );
    inputs[0].value = '2027-02-15';
    inputs[0].dispatchEvent(new Event('input'));
    inputs[1].value = '  Tooling arrives later ';
    inputs[1].dispatchEvent(new Event('input'));
    fixture.detectChanges();
    lineEl(root, 2).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const request = http.expectOne('/api/v1/purchase-orders/order-1/lines/line-2/confirmations');
    expect(request.request.body).toEqual({
      kind: 'propose',
      date: '2027-02-15',
      reason: 'Tooling arrives later',
    });
    request.flush({ state: 'pending', writeBack: 'none', kind: 'propose', proposedDate: '2027-02-15' });
    await settle();
    expect(lineEl(root, 2).textContent).toContain('waiting for the buyer');
    expect(buttons(lineEl(root, 2))).toEqual([]);
  });
});
