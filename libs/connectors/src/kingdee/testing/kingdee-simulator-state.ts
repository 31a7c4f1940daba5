/** The orders and suppliers a Kingdee simulator holds, and how field keys read them (contract §7). */
export interface SimSupplier {
  number: string;
  name: string;
}

export interface SimOrderEntry {
  entryId: number;
  seq: number;
  materialNumber: string;
  materialName: string;
  specification: string;
  qty: number;
  unit: string;
  /** `YYYY-MM-DD` */
  deliveryDate: string;
  note: string;
  /** `A` normal, `B` closed */
  mrpCloseStatus: 'A' | 'B';
  receiveQty: number;
  taxPrice: number;
}

export interface SimOrder {
  fid: number;
  billNo: string;
  date: string;
  /** Z draft, A created, B in approval, C approved, D re-audit */
  documentStatus: 'Z' | 'A' | 'B' | 'C' | 'D';
  closeStatus: 'A' | 'B';
  cancelStatus: 'A' | 'B';
  supplierNumber: string;
  purchaseOrgNumber: string;
  purchaseOrgName: string;
  purchaserName: string;
  modifyDate: string;
  approveDate: string | null;
  entries: SimOrderEntry[];
}

type Reader<T> = (
  order: SimOrder,
  entry: SimOrderEntry | undefined,
  suppliers: Map<string, SimSupplier>,
) => T;
interface FieldDef {
  level: 'header' | 'entry';
  read: Reader<unknown>;
}

/** Kingdee answers dates as server-local `YYYY-MM-DDTHH:MM:SS`. */
const kdDate = (date: string | null) =>
  date ? `${date.slice(0, 10)}T${date.slice(11, 19) || '00:00:00'}` : null;

const header = (read: (o: SimOrder, s: Map<string, SimSupplier>) => unknown): FieldDef => ({
  level: 'header',
  read: (o, _e, s) => read(o, s),
});
const entry = (read: (e: SimOrderEntry) => unknown): FieldDef => ({
  level: 'entry',
  read: (_o, e) => (e ? read(e) : null),
});

export const PURCHASE_ORDER_FIELDS: Record<string, FieldDef> = {
  FID: header((o) => o.fid),
  FBillNo: header((o) => o.billNo),
  FDate: header((o) => kdDate(o.date)),
  FDocumentStatus: header((o) => o.documentStatus),
  FCloseStatus: header((o) => o.closeStatus),
  FCancelStatus: header((o) => o.cancelStatus),
  FSupplierId: header((o) => 100000 + Number(o.supplierNumber.replace(/\D/g, '') || 0)),
  'FSupplierId.FNumber': header((o) => o.supplierNumber),
  'FSupplierId.FName': header((o, s) => s.get(o.supplierNumber)?.name ?? ' '),
  'FPurchaseOrgId.FNumber': header((o) => o.purchaseOrgNumber),
  'FPurchaseOrgId.FName': header((o) => o.purchaseOrgName),
  'FPurchaserId.FName': header((o) => o.purchaserName),
  FModifyDate: header((o) => kdDate(o.modifyDate)),
  FApproveDate: header((o) => kdDate(o.approveDate)),
  FPOOrderEntry_FEntryID: entry((e) => e.entryId),
  FPOOrderEntry_FSeq: entry((e) => e.seq),
  'FMaterialId.FNumber': entry((e) => e.materialNumber),
  FMaterialName: entry((e) => e.materialName),
  'FMaterialId.FName': entry((e) => e.materialName),
  'FMaterialId.FSpecification': entry((e) => e.specification || ' '),
  FQty: entry((e) => e.qty),
  'FUnitId.FName': entry((e) => e.unit),
  FDeliveryDate: entry((e) => kdDate(e.deliveryDate)),
  FEntryNote: entry((e) => e.note || ' '),
  FMRPCloseStatus: entry((e) => e.mrpCloseStatus),
  FReceiveQty: entry((e) => e.receiveQty),
  FRemainReceiveQty: entry((e) => Math.max(0, e.qty - e.receiveQty)),
  FTaxPrice: entry((e) => e.taxPrice),
  FAllAmount: entry((e) => Math.round(e.taxPrice * e.qty * 100) / 100),
};

export const SUPPLIER_FIELDS: Record<string, (s: SimSupplier) => unknown> = {
  FSupplierId: (s) => 100000 + Number(s.number.replace(/\D/g, '') || 0),
  FNumber: (s) => s.number,
  FName: (s) => s.name,
  FDocumentStatus: () => 'C',
  FForbidStatus: () => 'A',
};

/** Keys are case-insensitive in Kingdee: the canonical spelling of a key, or undefined. */
export function canonicalKey(keys: Iterable<string>, key: string): string | undefined {
  const wanted = key.trim().toLowerCase();
  for (const known of keys) if (known.toLowerCase() === wanted) return known;
  return undefined;
}

export function seedSuppliers(): SimSupplier[] {
  return [
    { number: 'VEN00101', name: 'Acme Precision Parts 艾克美精密零件' },
    { number: 'VEN00102', name: 'Borealis Castings 北极光铸造' },
  ];
}

function line(
  entryId: number,
  seq: number,
  material: [string, string, string],
  qty: number,
  unit: string,
  deliveryDate: string,
  taxPrice: number,
  receiveQty = 0,
): SimOrderEntry {
  const [materialNumber, materialName, specification] = material;
  return {
    entryId,
    seq,
    materialNumber,
    materialName,
    specification,
    qty,
    unit,
    deliveryDate,
    note: '',
    mrpCloseStatus: 'A',
    receiveQty,
    taxPrice,
  };
}

/** Demo orders relative to `today` (YYYY-MM-DD), so due dates stay near the present. */
export function seedOrders(today: string): SimOrder[] {
  const day = (offset: number) =>
    new Date(Date.parse(today) + offset * 86_400_000).toISOString().slice(0, 10);
  const base = {
    closeStatus: 'A' as const,
    cancelStatus: 'A' as const,
    purchaseOrgNumber: '100',
    purchaseOrgName: '总部采购 Head office purchasing',
    purchaserName: '王采购 Wang Cai',
  };
  return [
    {
      ...base,
      fid: 100001,
      billNo: 'CGDD000118',
      date: day(-20),
      documentStatus: 'C',
      supplierNumber: 'VEN00101',
      modifyDate: `${day(-18)}T09:30:00`,
      approveDate: `${day(-18)}T09:30:00`,
      entries: [
        line(
          200001,
          1,
          ['1.01.001', '支架 Mounting bracket', '6061-T6, 4 mm'],
          500,
          'Pcs',
          day(5),
          12.8,
          200,
        ),
        line(200002, 2, ['1.02.010', '传动轴 Drive shaft', 'Ø20 h7 × 180'], 120, 'Pcs', day(12), 86.5),
        line(200003, 3, ['1.03.020', '外壳盖板 Housing cover', 'ADC12 die cast'], 300, 'Pcs', day(-2), 23.1),
      ],
    },
    {
      ...base,
      fid: 100002,
      billNo: 'CGDD000124',
      date: day(-3),
      documentStatus: 'A',
      supplierNumber: 'VEN00101',
      modifyDate: `${day(-3)}T14:05:00`,
      approveDate: null,
      entries: [
        line(200011, 1, ['2.01.004', '定位销 Locating pin', 'Ø6 m6 × 30'], 2000, 'Pcs', day(21), 0.9),
        line(200012, 2, ['2.02.007', '密封垫 Gasket', 'EPDM 70A'], 800, 'Pcs', day(28), 1.6),
      ],
    },
    {
      ...base,
      fid: 100003,
      billNo: 'CGDD000099',
      date: day(-60),
      documentStatus: 'C',
      closeStatus: 'B',
      supplierNumber: 'VEN00101',
      modifyDate: `${day(-30)}T10:00:00`,
      approveDate: `${day(-58)}T10:00:00`,
      entries: [
        line(
          200021,
          1,
          ['1.01.001', '支架 Mounting bracket', '6061-T6, 4 mm'],
          100,
          'Pcs',
          day(-35),
          12.8,
          100,
        ),
      ],
    },
    {
      ...base,
      fid: 100004,
      billNo: 'CGDD000120',
      date: day(-10),
      documentStatus: 'C',
      supplierNumber: 'VEN00102',
      modifyDate: `${day(-9)}T11:00:00`,
      approveDate: `${day(-9)}T11:00:00`,
      entries: [line(200031, 1, ['3.01.100', '铸件毛坯 Casting blank', 'HT250'], 60, 'Pcs', day(9), 145)],
    },
  ];
}

/** One row per bill, or per entry when any entry-level key is asked for (Kingdee joins to the deepest level). */
export function purchaseOrderRows(orders: SimOrder[], suppliers: Map<string, SimSupplier>, keys: string[]) {
  const perEntry = keys.some((key) => PURCHASE_ORDER_FIELDS[key].level === 'entry');
  const rows: Record<string, unknown>[] = [];
  for (const order of orders) {
    const entries: (SimOrderEntry | undefined)[] = perEntry ? order.entries : [undefined];
    for (const e of entries) {
      const row: Record<string, unknown> = {};
      for (const key of Object.keys(PURCHASE_ORDER_FIELDS))
        row[key] = PURCHASE_ORDER_FIELDS[key].read(order, e, suppliers);
      rows.push(row);
    }
  }
  return rows;
}
