import { weekStart } from '../schedule/schedule';
import { DeliveryScheduleLine } from './orders.types';

/** One ISO week of the delivery schedule: open lines due Monday to Sunday, earliest first. */
export interface DeliveryWeek {
  /** ISO week as the API names it, e.g. `2026-W50`. */
  week: string;
  /** The Monday, yyyy-mm-dd. */
  start: string;
  lines: DeliveryScheduleLine[];
}

/** Schedule lines grouped by the ISO week the API gave each, weeks and lines in date order. */
export function groupByIsoWeek(lines: DeliveryScheduleLine[]): DeliveryWeek[] {
  const weeks = new Map<string, DeliveryWeek>();
  const sorted = [...lines].sort(
    (a, b) =>
      (a.deliveryDate ?? '').localeCompare(b.deliveryDate ?? '') ||
      a.orderNumber.localeCompare(b.orderNumber) ||
      a.lineNumber - b.lineNumber,
  );
  for (const line of sorted) {
    if (!line.deliveryDate) continue;
    const week = weeks.get(line.week) ?? { week: line.week, start: weekStart(line.deliveryDate), lines: [] };
    week.lines.push(line);
    weeks.set(line.week, week);
  }
  return [...weeks.values()].sort((a, b) => a.start.localeCompare(b.start));
}

/**
 * The i18n key saying where an answer stands: waiting for the buyer, rejected, or accepted and then
 * how it reached Kingdee (written, queued, the buyer changes it there, confirmed, failed).
 */
export function answerStateKey(c: { state: string; writeBack: string }): string {
  if (c.state !== 'accepted') return `orders.answerStates.${c.state}`;
  return `orders.writeBack.${c.writeBack}`;
}
