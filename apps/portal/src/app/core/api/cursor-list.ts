import { signal } from '@angular/core';
import type { Page } from './api-types';
import { ApiProblem, toApiProblem } from './api-problem';

/**
 * The state of a list over a cursor-paginated API route: rows, the next cursor, whether a
 * request is running and what went wrong. `reload()` starts over (e.g. after a filter changed),
 * `more()` appends the next page; the answer of a request a newer one superseded is ignored.
 */
export class CursorList<T> {
  readonly items = signal<T[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(false);
  readonly problem = signal<ApiProblem | null>(null);
  private request = 0;

  constructor(
    private readonly fetchPage: (cursor: string | null) => Promise<Page<T>>,
    private readonly options: {
      /** Rows of a page to keep, e.g. to leave out what the page does not manage. */
      keep?: (item: T) => boolean;
      /** Called with the kept rows of every page shown, e.g. to fetch more about them. */
      shown?: (items: T[]) => void;
    } = {},
  ) {}

  reload(): Promise<Page<T> | null> {
    return this.load(null);
  }

  more(): Promise<Page<T> | null> {
    return this.load(this.nextCursor());
  }

  /** The page as the API answered it, or null when it failed or was superseded. */
  private async load(cursor: string | null): Promise<Page<T> | null> {
    const request = ++this.request;
    this.loading.set(true);
    this.problem.set(null);
    try {
      const page = await this.fetchPage(cursor);
      if (request !== this.request) return null;
      const rows = this.options.keep ? page.items.filter(this.options.keep) : page.items;
      this.items.update((list) => (cursor ? [...list, ...rows] : rows));
      this.nextCursor.set(page.nextCursor);
      this.options.shown?.(rows);
      return page;
    } catch (error) {
      if (request === this.request) this.problem.set(toApiProblem(error));
      return null;
    } finally {
      if (request === this.request) this.loading.set(false);
    }
  }
}
