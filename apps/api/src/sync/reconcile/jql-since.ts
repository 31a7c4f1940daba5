import type { ReconcileTick } from '../sync-events';

/** Without a usable tick (a manual run), look back this far. */
const DEFAULT_LOOK_BACK_MS = 3600_000;

/** The tick's `since`, or an hour ago when it has none. */
export function tickSince(tick: Partial<ReconcileTick> = {}): string {
  return tick.since && !Number.isNaN(Date.parse(tick.since))
    ? tick.since
    : new Date(Date.now() - DEFAULT_LOOK_BACK_MS).toISOString();
}

/** Jira's JQL date form, minute precision, UTC; one minute earlier so a boundary edit is not missed. */
export function jqlSince(iso: string): string {
  const d = new Date(Date.parse(iso) - 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
