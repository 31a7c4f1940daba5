import { answerStateKey, groupByIsoWeek } from './orders';
import { DeliveryScheduleLine } from './orders.types';

const line = (id: string, deliveryDate: string, week: string, orderNumber = 'CGDD1', lineNumber = 1) =>
  ({ id, deliveryDate, week, orderNumber, lineNumber }) as DeliveryScheduleLine;

describe('groupByIsoWeek', () => {
  it('groups lines by their ISO week, weeks and lines in date order, with the Monday of each', () => {
    const weeks = groupByIsoWeek([
      line('c', '2027-01-04', '2027-W01'),
      line('a', '2026-12-31', '2026-W53'),
      line('b', '2026-12-28', '2026-W53', 'CGDD2'),
      line('d', '2026-12-28', '2026-W53', 'CGDD1', 2),
    ]);
    expect(weeks.map((w) => [w.week, w.start, w.lines.map((l) => l.id)])).toEqual([
      ['2026-W53', '2026-12-28', ['d', 'b', 'a']],
      ['2027-W01', '2027-01-04', ['c']],
    ]);
  });

  it('leaves out lines without a date', () => {
    expect(groupByIsoWeek([{ ...line('x', '', ''), deliveryDate: null }])).toEqual([]);
  });
});

describe('answerStateKey', () => {
  it('says where an answer stands: with the buyer, rejected, or how far the accepted date got', () => {
    expect(answerStateKey({ state: 'pending', writeBack: 'none' })).toBe('orders.answerStates.pending');
    expect(answerStateKey({ state: 'rejected', writeBack: 'none' })).toBe('orders.answerStates.rejected');
    expect(answerStateKey({ state: 'accepted', writeBack: 'buyer_to_change' })).toBe(
      'orders.writeBack.buyer_to_change',
    );
  });
});
