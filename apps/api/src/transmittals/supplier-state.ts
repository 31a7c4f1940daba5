import type { SupplierState } from './dto/transmittal-input.dto';
import { RESPONSE_PURPOSES, Transmittal } from './entities/transmittal.entity';

export interface ReceiptTimes {
  openedAt: Date | null;
  acknowledgedAt: Date | null;
}

export const todayUtc = (now = new Date()): string => now.toISOString().slice(0, 10);

/**
 * Where an issued transmittal stands for one supplier viewer. Keep in step with {@link SUPPLIER_STATE_SQL},
 * which the inbox filters with.
 */
export function supplierState(
  t: Pick<Transmittal, 'status' | 'purpose' | 'dueDate'>,
  receipt: ReceiptTimes | undefined,
  today: string,
): SupplierState {
  if (t.status === 'responded') return 'answered';
  if (!receipt?.openedAt) return 'unread';
  const late = t.status === 'issued' && !!t.dueDate && t.dueDate < today;
  if (RESPONSE_PURPOSES.has(t.purpose)) return late ? 'overdue' : 'awaiting_response';
  if (receipt.acknowledgedAt) return 'acknowledged';
  return late ? 'overdue' : 'awaiting_response';
}

/** {@link supplierState} in SQL over transmittal `t` and the viewer's receipt `r` (LEFT JOINed). */
export const SUPPLIER_STATE_SQL = `CASE
  WHEN t.status = 'responded' THEN 'answered'
  WHEN r.opened_at IS NULL THEN 'unread'
  WHEN t.purpose IN ('for_review', 'for_approval') THEN
    CASE WHEN t.status = 'issued' AND t.due_date < (now() AT TIME ZONE 'UTC')::date THEN 'overdue' ELSE 'awaiting_response' END
  WHEN r.acknowledged_at IS NOT NULL THEN 'acknowledged'
  WHEN t.status = 'issued' AND t.due_date < (now() AT TIME ZONE 'UTC')::date THEN 'overdue'
  ELSE 'awaiting_response' END`;
