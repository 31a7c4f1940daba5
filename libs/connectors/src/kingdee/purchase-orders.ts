import type { KingdeeClient } from './kingdee-client.port';
import { allOf, condition } from './kingdee-filter';

/** One purchase order line as Portico keeps it (header values repeat on every line). */
export interface PurchaseOrderLine {
  orderId: number;
  orderNumber: string;
  /** YYYY-MM-DD */
  orderDate: string;
  /** Z draft, A created, B in approval, C approved, D re-audit */
  documentStatus: string;
  /** A open, B closed */
  closeStatus: string;
  cancelled: boolean;
  purchasingOrg: string;
  buyer: string;
  modifiedAt: string;
  entryId: number;
  lineNumber: number;
  materialNumber: string;
  materialName: string;
  specification: string;
  quantity: number;
  unit: string;
  /** YYYY-MM-DD */
  deliveryDate: string | null;
  receivedQuantity: number;
  remainingQuantity: number;
  lineClosed: boolean;
}

const LINE_KEYS = [
  'FID',
  'FBillNo',
  'FDate',
  'FDocumentStatus',
  'FCloseStatus',
  'FCancelStatus',
  'FPurchaseOrgId.FName',
  'FPurchaserId.FName',
  'FModifyDate',
  'FPOOrderEntry_FEntryID',
  'FPOOrderEntry_FSeq',
  'FMaterialId.FNumber',
  'FMaterialName',
  'FMaterialId.FSpecification',
  'FQty',
  'FUnitId.FName',
  'FDeliveryDate',
  'FReceiveQty',
  'FRemainReceiveQty',
  'FMRPCloseStatus',
] as const;

/** Kingdee pads empty text with a space and answers dates without a zone. */
const text = (value: unknown) => (value === null || value === undefined ? '' : String(value).trim());
const day = (value: unknown) => (text(value) ? text(value).slice(0, 10) : null);
const num = (value: unknown) => (typeof value === 'number' ? value : Number(text(value)) || 0);

/** Every line of one supplier's purchase orders, optionally only those modified since a moment. */
export async function readPurchaseOrderLines(
  client: KingdeeClient,
  supplierNumber: string,
  options: { modifiedSince?: Date; pageSize?: number } = {},
): Promise<PurchaseOrderLine[]> {
  const rows = await client.queryAll(
    {
      formId: 'PUR_PurchaseOrder',
      fieldKeys: [...LINE_KEYS],
      filter: allOf(
        condition('FSupplierId.FNumber', '=', supplierNumber),
        options.modifiedSince ? condition('FModifyDate', '>=', options.modifiedSince) : undefined,
      ),
      orderBy: 'FBillNo ASC,FPOOrderEntry_FSeq ASC',
    },
    options.pageSize,
  );
  return rows.map((row) => {
    const v = Object.fromEntries(LINE_KEYS.map((key, i) => [key, row[i]])) as Record<
      (typeof LINE_KEYS)[number],
      unknown
    >;
    return {
      orderId: num(v.FID),
      orderNumber: text(v.FBillNo),
      orderDate: day(v.FDate) ?? '',
      documentStatus: text(v.FDocumentStatus),
      closeStatus: text(v.FCloseStatus),
      cancelled: text(v.FCancelStatus) === 'B',
      purchasingOrg: text(v['FPurchaseOrgId.FName']),
      buyer: text(v['FPurchaserId.FName']),
      modifiedAt: text(v.FModifyDate),
      entryId: num(v.FPOOrderEntry_FEntryID),
      lineNumber: num(v.FPOOrderEntry_FSeq),
      materialNumber: text(v['FMaterialId.FNumber']),
      materialName: text(v.FMaterialName),
      specification: text(v['FMaterialId.FSpecification']),
      quantity: num(v.FQty),
      unit: text(v['FUnitId.FName']),
      deliveryDate: day(v.FDeliveryDate),
      receivedQuantity: num(v.FReceiveQty),
      remainingQuantity: num(v.FRemainReceiveQty),
      lineClosed: text(v.FMRPCloseStatus) === 'B',
    };
  });
}

/** The supplier's name, or null when Kingdee has no supplier with that number. */
export async function findSupplier(
  client: KingdeeClient,
  number: string,
): Promise<{ number: string; name: string } | null> {
  const rows = await client.executeBillQuery(
    {
      formId: 'BD_Supplier',
      fieldKeys: ['FNumber', 'FName'],
      filter: condition('FNumber', '=', number),
      orderBy: 'FNumber ASC',
    },
    { startRow: 0, limit: 1 },
  );
  return rows[0] ? { number: text(rows[0][0]), name: text(rows[0][1]) } : null;
}

/** Orders Kingdee lets a Save change: draft or created (not approved, in approval or being re-audited). */
export const WRITABLE_ORDER_STATUSES = new Set(['Z', 'A']);

/** Writes accepted delivery dates (and a note) to the lines of one order, touching nothing else. */
export function saveDeliveryDates(
  client: KingdeeClient,
  orderId: number,
  lines: { entryId: number; deliveryDate: string; note: string }[],
) {
  return client.save('PUR_PurchaseOrder', {
    NeedUpDateFields: ['FPOOrderEntry', 'FDeliveryDate', 'FEntryNote'],
    NeedReturnFields: [],
    IsDeleteEntry: false,
    Model: {
      FID: orderId,
      FPOOrderEntry: lines.map((line) => ({
        FEntryID: line.entryId,
        FDeliveryDate: line.deliveryDate,
        FEntryNote: line.note,
      })),
    },
  });
}
