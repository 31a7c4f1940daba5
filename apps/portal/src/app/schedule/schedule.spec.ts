import { SharedItem } from '../items/sharing.types';
import { groupByWeek, statusTones, weekStart } from './schedule';

const item = (id: string, dueDate: string | null, status: string | null = null): SharedItem => ({
  id,
  workspaceId: 'ws',
  type: 'jira_issue',
  title: id,
  status,
  latestVersion: 1,
  lastPublishedAt: null,
  dueDate,
  priority: null,
  overdue: false,
  lastSeenVersion: 1,
  unseenChanges: 0,
});

describe('schedule', () => {
  it('finds the Monday of a date’s week, across month and year ends', () => {
    expect(weekStart('2026-12-07')).toBe('2026-12-07'); // a Monday
    expect(weekStart('2026-12-13')).toBe('2026-12-07'); // its Sunday
    expect(weekStart('2027-01-01')).toBe('2026-12-28'); // a Friday
  });

  it('groups dated items by week in order and leaves undated ones out', () => {
    const weeks = groupByWeek([
      item('late', '2026-12-20'),
      item('none', null),
      item('b', '2026-12-09'),
      item('a', '2026-12-08'),
    ]);
    expect(weeks.map((w) => [w.start, w.end, w.items.map((i) => i.id)])).toEqual([
      ['2026-12-07', '2026-12-13', ['a', 'b']],
      ['2026-12-14', '2026-12-20', ['late']],
    ]);
  });

  it('gives each distinct status its own tone, never the neutral one', () => {
    const tones = statusTones([
      item('1', null, 'Under test'),
      item('2', null, 'Done'),
      item('3', null, 'Done'),
    ]);
    expect([...tones.entries()]).toEqual([
      ['Done', 1],
      ['Under test', 2],
    ]);
  });
});
