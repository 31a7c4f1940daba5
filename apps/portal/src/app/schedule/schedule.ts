import { SharedItem } from '../items/sharing.types';

/** One week of the schedule: items due Monday to Sunday, earliest first. */
export interface ScheduleWeek {
  /** The Monday, yyyy-mm-dd. */
  start: string;
  /** The Sunday, yyyy-mm-dd. */
  end: string;
  items: SharedItem[];
}

/** How many status colours the schedule has (schedule.page.scss `.tone-0` … `.tone-5`). */
export const STATUS_TONES = 6;

const DAY_MS = 86_400_000;
const toDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The Monday of the week of a yyyy-mm-dd date (calendar arithmetic in UTC: no time zone shifts a date). */
export function weekStart(date: string): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  const weekday = (new Date(time).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return toDay(time - weekday * DAY_MS);
}

/** Items with a due date, by week of their due date, weeks in order; undated items are left out. */
export function groupByWeek(items: SharedItem[]): ScheduleWeek[] {
  const weeks = new Map<string, SharedItem[]>();
  const dated = items
    .filter((item): item is SharedItem & { dueDate: string } => !!item.dueDate)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || (a.title ?? '').localeCompare(b.title ?? ''));
  for (const item of dated) {
    const start = weekStart(item.dueDate);
    weeks.set(start, [...(weeks.get(start) ?? []), item]);
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([start, list]) => ({
      start,
      end: toDay(Date.parse(`${start}T00:00:00Z`) + 6 * DAY_MS),
      items: list,
    }));
}

/**
 * A colour per supplier-facing status: statuses are the workspace's own words, so each distinct one
 * gets the next tone in alphabetical order (stable for the same set of statuses); none is tone 0's grey.
 */
export function statusTones(items: SharedItem[]): Map<string, number> {
  const statuses = [...new Set(items.map((i) => i.status).filter((s): s is string => !!s))].sort();
  return new Map(statuses.map((status, i) => [status, (i % (STATUS_TONES - 1)) + 1]));
}
