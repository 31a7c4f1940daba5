import { supplierState } from './supplier-state';

describe('supplierState', () => {
  const today = '2026-12-07';
  const opened = { openedAt: new Date(), acknowledgedAt: null };
  const review = { status: 'issued' as const, purpose: 'for_review' as const, dueDate: '2026-12-10' };

  it('is unread until the viewer opened it', () => {
    expect(supplierState(review, undefined, today)).toBe('unread');
    expect(supplierState(review, { openedAt: null, acknowledgedAt: null }, today)).toBe('unread');
  });

  it('awaits a response until the due date has passed, then is overdue', () => {
    expect(supplierState(review, opened, today)).toBe('awaiting_response');
    expect(supplierState({ ...review, dueDate: '2026-12-07' }, opened, today)).toBe('awaiting_response');
    expect(supplierState({ ...review, dueDate: '2026-12-06' }, opened, today)).toBe('overdue');
  });

  it('is answered once responded, whoever opened it', () => {
    expect(supplierState({ ...review, status: 'responded' }, undefined, today)).toBe('answered');
  });

  it('asks for an acknowledgement where no response is required, and a superseded one is never overdue', () => {
    const info = { status: 'issued' as const, purpose: 'for_information' as const, dueDate: '2026-12-01' };
    expect(supplierState(info, opened, today)).toBe('overdue');
    expect(supplierState(info, { ...opened, acknowledgedAt: new Date() }, today)).toBe('acknowledged');
    expect(supplierState({ ...review, status: 'superseded', dueDate: '2026-12-01' }, opened, today)).toBe(
      'awaiting_response',
    );
  });
});
